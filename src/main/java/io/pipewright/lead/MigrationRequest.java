package io.pipewright.lead;

import io.pipewright.api.PlainText;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * How to move a pipeline's leads: {@code dryRun} checks every lead and changes nothing;
 * {@code leads} moves only these (all open leads of the pipeline when left out).
 */
public record MigrationRequest(Boolean dryRun, @Size(min = 1, max = 1000,
		message = "must name 1 to 1000 lead ids; leave it out to move every open lead") List<@NotBlank @PlainText String> leads) {

	static final MigrationRequest ALL = new MigrationRequest(false, null);

	public boolean isDryRun() {
		return Boolean.TRUE.equals(dryRun);
	}

}
