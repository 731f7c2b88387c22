package io.pipewright.lists;

/** Only a failed change can be retried; this one is pending, synced or superseded. */
public class ChangeNotFailed extends RuntimeException {

	ChangeNotFailed(ListOverview.Change change) {
		super("List change " + change.id() + " is " + change.state()
				+ ", not failed; only a failed change can be retried");
	}

}
