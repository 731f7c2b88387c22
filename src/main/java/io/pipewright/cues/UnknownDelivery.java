package io.pipewright.cues;

/** No delivery has this id. */
class UnknownDelivery extends RuntimeException {

	UnknownDelivery(long id) {
		super("There is no delivery with id " + id + "; GET /api/deliveries lists them");
	}

}
