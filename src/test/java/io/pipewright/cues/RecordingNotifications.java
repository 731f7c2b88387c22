package io.pipewright.cues;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notifications as a test double: keeps what it was asked to send, so a process test sees
 * which cues a pipeline gave and to whom, without mail or an outbox.
 */
public class RecordingNotifications implements Notifications {

	private final List<Notification> sent = new CopyOnWriteArrayList<>();

	@Override
	public void send(Notification notification) {
		sent.add(notification);
	}

	public List<Notification> sent() {
		return List.copyOf(sent);
	}

	public void clear() {
		sent.clear();
	}

}
