package io.pipewright.lists.mailchimp;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of a batch subscribe. With {@code update_existing}, existing members get the
 * status, merge fields and tags (tags are added, not replaced: no {@code sync_tags}).
 */
record BatchBody(@JsonProperty("members") List<BatchMember> members,
		@JsonProperty("update_existing") boolean updateExisting) {

	record BatchMember(@JsonProperty("email_address") String emailAddress, @JsonProperty("status") String status,
			@JsonProperty("status_if_new") String statusIfNew,
			@JsonProperty("merge_fields") Map<String, String> mergeFields, @JsonProperty("tags") List<String> tags) {

	}

}
