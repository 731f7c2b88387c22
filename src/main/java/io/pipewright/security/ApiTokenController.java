package io.pipewright.security;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins manage integrations' API tokens here (only admins reach it:
 * SecurityConfiguration).
 */
@RestController
@RequestMapping("/api/tokens")
class ApiTokenController {

	private final ApiTokenService tokens;

	ApiTokenController(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	@PostMapping
	ResponseEntity<NewTokenView> create(@RequestBody NewToken request, Principal user) {
		ApiTokenService.Created created = tokens.create(request.name(), request.scopes(), user.getName());
		ApiToken token = created.token();
		return ResponseEntity.created(URI.create("/api/tokens/" + token.id()))
			.body(new NewTokenView(token.id(), token.name(), token.scopes(), token.createdAt(), token.createdBy(),
					token.lastUsedAt(), created.bearer()));
	}

	@GetMapping
	List<ApiToken> list() {
		return tokens.list();
	}

	@GetMapping("/{id}")
	ApiToken one(@PathVariable String id) {
		return tokens.get(id);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@PathVariable String id, Principal user) {
		tokens.revoke(id, user.getName());
		return ResponseEntity.noContent().build();
	}

	record NewToken(String name, List<String> scopes) {
	}

	/** The one answer that shows the token itself. */
	record NewTokenView(String id, String name, List<String> scopes, Instant createdAt, String createdBy,
			Instant lastUsedAt, String token) {
	}

}
