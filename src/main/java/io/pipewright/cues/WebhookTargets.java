package io.pipewright.cues;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where a webhook may point. The rule: an absolute http or https URL with a host and no
 * user info, that does not reach this server. Refused: a loopback or unspecified address
 * (localhost, 127.0.0.0/8, ::1, 0.0.0.0, ::) unless
 * {@code pipewright.webhooks.allow-loopback} is set, and, always, this server's own port
 * on a loopback address, any of this machine's addresses or its host name. Registration
 * judges the URL as written, with no DNS lookup; each send judges the address actually
 * connected to ({@link #refusal(InetSocketAddress)}), so a name that resolves (or later
 * re-resolves) to this server is refused there.
 */
@Component
class WebhookTargets {

	private final boolean allowLoopback;

	private final Environment environment;

	private volatile int serverPort;

	WebhookTargets(WebhooksProperties properties, Environment environment) {
		this.allowLoopback = properties.allowLoopback();
		this.environment = environment;
		this.serverPort = environment.getProperty("server.port", Integer.class, 8080);
	}

	/** The port the server really listens on (a random one in tests). */
	@EventListener
	void serving(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			serverPort = event.getWebServer().getPort();
		}
	}

	/** Why the URL cannot be a webhook's; empty if it can. */
	Optional<String> refusal(String url) {
		if (url == null || url.isBlank()) {
			return Optional.of("is required: the receiver's http or https URL");
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return Optional.of("is not a URL: " + ex.getReason());
		}
		String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
			return Optional.of("must be an absolute http or https URL, such as https://chat.example.com/hooks/wins");
		}
		if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
			return Optional.of("must not carry a user or password; the signature proves the sender");
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			return Optional.of("must name a host");
		}
		if (uri.getRawFragment() != null) {
			return Optional.of("must not have a fragment (#...)");
		}
		int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
		String name = host.toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("localhost.localdomain")) {
			return loopback(port);
		}
		if (ownNames().contains(name)) {
			return port == serverPort ? Optional.of(POINTS_AT_SERVER) : Optional.empty();
		}
		InetAddress literal = literal(name);
		if (literal == null) {
			return Optional.empty();
		}
		return refusal(new InetSocketAddress(literal, port));
	}

	private static final String POINTS_AT_SERVER = "points at this server itself; a webhook must reach another server";

	/** Why a send must not go to this address; empty if it may. */
	Optional<String> refusal(InetSocketAddress address) {
		InetAddress ip = address.getAddress();
		if (ip == null) {
			return Optional.empty();
		}
		if (ip.isLoopbackAddress() || ip.isAnyLocalAddress()) {
			return loopback(address.getPort());
		}
		if (address.getPort() == serverPort && ownAddresses().contains(ip)) {
			return Optional.of(POINTS_AT_SERVER);
		}
		return Optional.empty();
	}

	private Optional<String> loopback(int port) {
		if (port == serverPort) {
			return Optional.of(POINTS_AT_SERVER);
		}
		if (!allowLoopback) {
			return Optional.of("points at this machine (localhost, a loopback address or 0.0.0.0); a webhook must"
					+ " reach another server");
		}
		return Optional.empty();
	}

	/** An IP address written in the URL; null for a host name (never looked up). */
	private static InetAddress literal(String host) {
		boolean ipv4 = host.matches("[0-9.]+");
		boolean ipv6 = host.contains(":") && host.matches("[0-9a-f:.%a-z]+");
		// a decimal or hex form (http://2130706433/) is read as an address by some
		// clients
		boolean numeric = host.matches("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*");
		if (!ipv4 && !ipv6 && !numeric) {
			return null;
		}
		try {
			// a literal is parsed, never resolved
			return InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private Set<String> ownNames() {
		Set<String> names = this.names;
		if (names == null) {
			names = findOwnNames();
			this.names = names;
		}
		return names;
	}

	private volatile Set<String> names;

	private Set<String> findOwnNames() {
		Set<String> names = new HashSet<>();
		String configured = environment.getProperty("server.address");
		if (configured != null) {
			names.add(configured.toLowerCase(Locale.ROOT));
		}
		try {
			InetAddress local = InetAddress.getLocalHost();
			names.add(local.getHostName().toLowerCase(Locale.ROOT));
		}
		catch (UnknownHostException ex) {
			// no host name of its own to refuse
		}
		return Set.copyOf(names);
	}

	private static Set<InetAddress> ownAddresses() {
		Set<InetAddress> addresses = new HashSet<>();
		try {
			for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				for (InetAddress address : Collections.list(network.getInetAddresses())) {
					addresses.add(address instanceof Inet6Address v6 && v6.getScopeId() != 0
							? InetAddress.getByAddress(v6.getAddress()) : address);
				}
			}
		}
		catch (SocketException | UnknownHostException ex) {
			// none known: loopback is still refused
		}
		return addresses;
	}

}
