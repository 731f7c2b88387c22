package io.pipewright.cues;

import java.time.Instant;

/**
 * One message waiting in, or gone from, the outbox: where it goes ({@code target}: an
 * email address, a webhook's id), what it carries ({@code payload}: JSON the channel
 * understands), and which lead it is about, if any.
 */
public record Delivery(long id, String channel, String kind, String target, String payload, String leadId, int attempts,
		Instant createdAt) {
}
