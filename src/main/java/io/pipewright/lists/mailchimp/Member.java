package io.pipewright.lists.mailchimp;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of an add-or-update: {@code status_if_new} makes one call serve both. */
record Member(@JsonProperty("email_address") String emailAddress, @JsonProperty("status_if_new") String statusIfNew,
		@JsonProperty("status") String status, @JsonProperty("merge_fields") Map<String, String> mergeFields) {

}
