package io.pipewright.lists;

/** No pipeline has asked for a change on this audience. */
public class UnknownList extends RuntimeException {

	UnknownList(String listId) {
		super("No list change was ever wanted on audience '" + listId + "'; GET /api/lists lists the audiences");
	}

}
