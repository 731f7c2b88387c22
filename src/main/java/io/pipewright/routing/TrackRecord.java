package io.pipewright.routing;

/**
 * One rep's closed leads like the one being routed (same product line and value tier),
 * how many of them were won, and how many leads the rep has open now.
 */
public record TrackRecord(int won, int closed, int open) {

	public static final TrackRecord NONE = new TrackRecord(0, 0, 0);

}
