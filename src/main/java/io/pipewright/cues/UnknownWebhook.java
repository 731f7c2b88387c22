package io.pipewright.cues;

/** No webhook (not deleted) has this id. */
class UnknownWebhook extends RuntimeException {

	UnknownWebhook(String id) {
		super("There is no webhook with id '" + id + "'; GET /api/webhooks lists them");
	}

}
