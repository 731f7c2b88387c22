package io.pipewright.lead;

import java.security.Principal;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/pipelines/{key}/migrate}: under the pipeline's path, but here in the
 * lead feature, because what moves are leads (pipeline knows nothing of leads).
 */
// an admin's call in spirit; until roles arrive every logged-in user may make it
@RestController
class PipelineMigrationController {

	private final PipelineMigration migration;

	PipelineMigrationController(PipelineMigration migration) {
		this.migration = migration;
	}

	@PostMapping("/api/pipelines/{key}/migrate")
	MigrationReport migrate(@PathVariable String key, @Valid @RequestBody(required = false) MigrationRequest request,
			Principal user) {
		return migration.migrate(key, request == null ? MigrationRequest.ALL : request, user.getName());
	}

}
