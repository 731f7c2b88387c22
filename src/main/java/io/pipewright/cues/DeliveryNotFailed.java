package io.pipewright.cues;

/** Only a failed delivery can be retried. */
class DeliveryNotFailed extends RuntimeException {

	DeliveryNotFailed(long id, String state) {
		super("Delivery " + id + " is " + state + ", not failed: only a failed delivery can be retried"
				+ ("failed".equals(state) ? " (this one belonged to an erased lead and holds nothing to send)" : ""));
	}

}
