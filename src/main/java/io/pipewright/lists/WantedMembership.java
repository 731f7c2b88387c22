package io.pipewright.lists;

import java.util.List;

/**
 * A lead should (or should no longer) be on a MailChimp audience, as a pipeline asked at
 * a stage.
 *
 * @param tags MailChimp tags to apply with a subscription; empty for none
 */
public record WantedMembership(String leadId, String listId, boolean subscribed, List<String> tags, String pipelineKey,
		String stageId) {
}
