package io.pipewright.lists.mailchimp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** MailChimp's answer to a batch subscribe; only the refusals matter to us. */
@JsonIgnoreProperties(ignoreUnknown = true)
record BatchAnswer(@JsonProperty("errors") List<Error> errors, @JsonProperty("total_created") int totalCreated,
		@JsonProperty("total_updated") int totalUpdated, @JsonProperty("error_count") int errorCount) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Error(@JsonProperty("email_address") String emailAddress, @JsonProperty("error") String error,
			@JsonProperty("error_code") String errorCode) {

	}

}
