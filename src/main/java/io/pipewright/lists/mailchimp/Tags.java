package io.pipewright.lists.mailchimp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of a tags update; {@code active} adds a tag, {@code inactive} would remove it.
 */
record Tags(@JsonProperty("tags") List<Tag> tags) {

	record Tag(@JsonProperty("name") String name, @JsonProperty("status") String status) {

	}

}
