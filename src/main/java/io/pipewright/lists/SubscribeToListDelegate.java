package io.pipewright.lists;

import io.pipewright.pipeline.PipelineContract;

import org.springframework.stereotype.Component;

/**
 * {@code camunda:delegateExpression="${subscribeToList}"} with input {@code listId} and
 * optional {@code tags}: the lead should be subscribed to that MailChimp audience.
 */
@Component(PipelineContract.SUBSCRIBE_TO_LIST)
class SubscribeToListDelegate extends ListTaskDelegate {

	SubscribeToListDelegate(ListMemberships memberships) {
		super(memberships, true);
	}

}
