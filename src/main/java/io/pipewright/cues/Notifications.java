package io.pipewright.cues;

/**
 * Where a pipeline's or the server's cues go. A notification is recorded in the caller's
 * transaction (the engine's, for a service task or a timer) and sent after it commits, so
 * nothing in a pipeline waits on a mail server, and a rolled-back step sends nothing.
 */
public interface Notifications {

	/**
	 * Records the notification for each recipient who has not turned its template off.
	 * @throws UnknownTemplate if no template of that name exists
	 */
	void send(Notification notification);

}
