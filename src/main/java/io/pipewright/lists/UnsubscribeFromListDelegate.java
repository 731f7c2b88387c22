package io.pipewright.lists;

import io.pipewright.pipeline.PipelineContract;

import org.springframework.stereotype.Component;

/**
 * {@code camunda:delegateExpression="${unsubscribeFromList}"} with input {@code listId}:
 * the lead should no longer be subscribed to that MailChimp audience.
 */
@Component(PipelineContract.UNSUBSCRIBE_FROM_LIST)
class UnsubscribeFromListDelegate extends ListTaskDelegate {

	UnsubscribeFromListDelegate(ListMemberships memberships) {
		super(memberships, false);
	}

}
