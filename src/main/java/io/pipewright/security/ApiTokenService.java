package io.pipewright.security;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, lists and revokes integrations' API tokens, and checks the ones requests
 * carry. Creating and revoking are audited; so is use, at most once an hour per token.
 */
@Service
@EnableConfigurationProperties(SecurityProperties.class)
class ApiTokenService {

	/**
	 * Becomes part of a user id ({@code token:<name>}) in the audit, timelines and the
	 * engine.
	 */
	static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");

	/**
	 * How stale lastUsedAt may get: a busy integration writes it once a minute, not on
	 * every call.
	 */
	static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	/** How often a token's use is written to the audit. */
	static final Duration USE_AUDIT_INTERVAL = Duration.ofHours(1);

	private final ApiTokens tokens;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final ApiTokenFormat format;

	ApiTokenService(ApiTokens tokens, AuditTrail audit, TransactionTemplate transaction,
			SecurityProperties properties) {
		this.tokens = tokens;
		this.audit = audit;
		this.transaction = transaction;
		this.format = properties.hasTokenSecret() ? new ApiTokenFormat(properties.tokenSecret()) : null;
	}

	/**
	 * A new token, and this once what the integration sends: {@code pw_<id>_<secret>}.
	 */
	record Created(ApiToken token, String bearer) {
	}

	Created create(String name, List<String> scopes, String actor) {
		ApiTokenFormat format = format();
		List<String> granted = check(name, scopes);
		ApiTokenFormat.Parts parts = ApiTokenFormat.generate();
		ApiToken token = new ApiToken(parts.id(), name, granted, now(), actor, null, null, null);
		try {
			transaction.executeWithoutResult(status -> {
				tokens.insert(token, format.hash(parts.secret()));
				Map<String, Object> detail = new LinkedHashMap<>();
				detail.put("name", name);
				detail.put("scopes", granted);
				audit.record(actor, "token.created", token.id(), detail);
			});
		}
		catch (DuplicateKeyException ex) {
			// another admin created one with this name at the same moment
			throw new InvalidInput("name", taken(name));
		}
		return new Created(token, parts.token());
	}

	List<ApiToken> list() {
		return tokens.all();
	}

	ApiToken get(String id) {
		return tokens.find(id).map(ApiTokens.Stored::token).orElseThrow(() -> new UnknownToken(id));
	}

	/** Revokes the token at once; revoking it again changes nothing. */
	void revoke(String id, String actor) {
		transaction.executeWithoutResult(status -> {
			ApiToken token = get(id);
			if (tokens.revoke(id, now(), actor)) {
				audit.record(actor, "token.revoked", id, Map.of("name", token.name()));
			}
		});
	}

	/**
	 * The token a bearer string stands for, when it is well formed, known, unrevoked and
	 * its secret matches.
	 */
	Optional<ApiToken> authenticate(String bearer) {
		Optional<ApiTokenFormat.Parts> parts = ApiTokenFormat.parse(bearer);
		if (format == null || parts.isEmpty()) {
			return Optional.empty();
		}
		Optional<ApiTokens.Stored> stored = tokens.find(parts.get().id());
		if (stored.isEmpty() || stored.get().token().revoked()
				|| !format.matches(parts.get().secret(), stored.get().secretHash())) {
			return Optional.empty();
		}
		return Optional.of(stored.get().token());
	}

	/**
	 * Records an authenticated request of the token: lastUsedAt unless it is fresh, and a
	 * token.used audit entry unless one was written within the hour. Cheap on every call:
	 * at most one write a minute per token, whichever node serves it.
	 * @param call the request, as the audit's token.used entry names it
	 */
	void used(ApiToken token, String call) {
		Instant now = now();
		if (token.lastUsedAt() != null && !token.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
			return;
		}
		transaction.executeWithoutResult(status -> {
			if (tokens.used(token.id(), now, now.minus(LAST_USED_PRECISION))
					&& tokens.useAudited(token.id(), now, now.minus(USE_AUDIT_INTERVAL))) {
				Map<String, Object> detail = new LinkedHashMap<>();
				detail.put("name", token.name());
				detail.put("call", call);
				audit.record(token.actor(), "token.used", token.id(), detail);
			}
		});
	}

	private ApiTokenFormat format() {
		if (format == null) {
			throw new TokenSecretMissing();
		}
		return format;
	}

	private List<String> check(String name, List<String> scopes) {
		List<FieldProblem> problems = new ArrayList<>();
		if (name == null || name.isBlank()) {
			problems.add(new FieldProblem("name", "must not be blank: name the integration, e.g. crm-sync"));
		}
		else if (!NAME.matcher(name).matches()) {
			problems.add(new FieldProblem("name",
					"must be 1 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit"));
		}
		else if (tokens.activeNameTaken(name)) {
			problems.add(new FieldProblem("name", taken(name)));
		}
		Set<String> granted = new LinkedHashSet<>();
		if (scopes == null || scopes.isEmpty()) {
			problems.add(new FieldProblem("scopes", "must name at least one of " + ApiTokenScopes.ALL));
		}
		else {
			for (int i = 0; i < scopes.size(); i++) {
				String scope = scopes.get(i);
				if (!ApiTokenScopes.ALL.contains(scope)) {
					problems.add(new FieldProblem("scopes[" + i + "]",
							"'" + scope + "' is not a scope; one of " + ApiTokenScopes.ALL));
				}
				granted.add(scope);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		// in the API's order, whatever order they were asked in
		return ApiTokenScopes.ALL.stream().filter(granted::contains).toList();
	}

	private static String taken(String name) {
		return "a token named '" + name + "' exists; revoke it first or choose another name";
	}

	private static Instant now() {
		// whole milliseconds, as the database keeps them and the answers show them
		return ClockUtil.now().toInstant().truncatedTo(ChronoUnit.MILLIS);
	}

}
