package io.pipewright.lists;

/** No list change has this id. */
public class UnknownChange extends RuntimeException {

	UnknownChange(long id) {
		super("There is no list change " + id);
	}

}
