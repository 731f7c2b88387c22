package io.pipewright;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test servers that go down and come back on the same port. Not an ephemeral
 * one (Linux hands out 32768 to 60999 to outgoing connections): while the server is down,
 * a client retrying 127.0.0.1 on an ephemeral port can be given that very port as its own
 * end and connect to itself, and the port is taken when the server comes back.
 */
public final class TestPorts {

	private TestPorts() {
	}

	/** A port below the ephemeral range that nothing listens on now. */
	public static int restartable() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
				return port;
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException("No free port between 20000 and 32000 for a test server");
	}

}
