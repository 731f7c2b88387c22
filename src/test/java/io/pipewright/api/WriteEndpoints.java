package io.pipewright.api;

import static io.pipewright.api.HostileValues.badAmounts;
import static io.pipewright.api.HostileValues.badDates;
import static io.pipewright.api.HostileValues.hostileText;
import static io.pipewright.api.HostileValues.longerThan;
import static io.pipewright.api.HostileValues.notABoolean;
import static io.pipewright.api.HostileValues.notAString;
import static io.pipewright.api.HostileValues.notAnEmail;
import static io.pipewright.api.HostileValues.notOneOf;
import static io.pipewright.api.HostileValues.refusedText;
import static io.pipewright.api.HostileValues.withForbiddenCharacter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every write endpoint of {@code /api}, with a body it would accept and, field by field,
 * what it must refuse. The one list {@link HostileInputTests} walks: a new write endpoint
 * belongs here.
 */
final class WriteEndpoints {

	private static final Pattern FACT_NAME = Pattern.compile("[a-z][A-Za-z0-9_]{0,63}");

	/** What a path variable names. */
	enum Target {

		NONE, LEAD, PIPELINE, LIST_CHANGE, TOKEN, WEBHOOK, DELIVERY

	}

	/**
	 * What the server holds for the endpoints to aim at.
	 *
	 * @param leadId an open lead in its first stage, with a value, an owner and facts
	 * @param pipelineKey a deployed pipeline with a single version: there is nothing to
	 * migrate, so only a bad request could change anything
	 * @param listChangeId a list change waiting to be sent (pending, so it cannot be
	 * retried)
	 */
	record Seeds(String leadId, String pipelineKey, long listChangeId, Set<String> users, Set<String> pipelines) {
	}

	/**
	 * A field of a request body: a value the endpoint accepts, and values it must refuse.
	 */
	record Field(String name, Object valid, Gen<Object> refused) {
	}

	/**
	 * An endpoint and what makes a request to it invalid. Start with
	 * {@link #of(String, String, String, Target, Field...)} and say what differs from the
	 * usual (JSON object body, unknown fields refused, a body required).
	 *
	 * @param path with {@code {target}} where the path variable goes
	 * @param jsonTypes the JSON content types it reads
	 * @param fields the body's fields, each with a valid value: together the body the
	 * endpoint accepts; empty when it reads no body
	 * @param unknownFieldsRefused whether a field it does not know is an error (facts are
	 * free-form)
	 * @param emptyAccepted whether no body, {@code null} or {@code {}} is a valid request
	 * (won, lost, migrate all)
	 * @param refusedBodies whole bodies it must refuse, beyond one field broken; may be
	 * {@code null}
	 * @param seededTargetRefused whether the seeded target alone makes any request to it
	 * invalid (the pending list change cannot be retried); otherwise an endpoint without
	 * a body is sent hostile targets only
	 */
	record Endpoint(String name, String method, String path, Target target, List<String> jsonTypes, List<Field> fields,
			boolean unknownFieldsRefused, boolean emptyAccepted, Gen<Map<String, Object>> refusedBodies,
			boolean seededTargetRefused) {

		/**
		 * An endpoint reading a JSON object of these fields, all of them valid together.
		 */
		static Endpoint of(String name, String method, String path, Target target, Field... fields) {
			return new Endpoint(name, method, path, target, List.of("application/json"), List.of(fields), true, false,
					null, false);
		}

		/** Reads these content types too. */
		Endpoint reading(String... types) {
			List<String> all = new ArrayList<>(jsonTypes);
			all.addAll(List.of(types));
			return new Endpoint(name, method, path, target, all, fields, unknownFieldsRefused, emptyAccepted,
					refusedBodies, seededTargetRefused);
		}

		/** Takes any field name (facts). */
		Endpoint anyFields() {
			return new Endpoint(name, method, path, target, jsonTypes, fields, false, emptyAccepted, refusedBodies,
					seededTargetRefused);
		}

		/** Takes no body at all, {@code null} or {@code {}}. */
		Endpoint acceptingEmpty() {
			return new Endpoint(name, method, path, target, jsonTypes, fields, unknownFieldsRefused, true,
					refusedBodies, seededTargetRefused);
		}

		/** Refuses these whole bodies too. */
		Endpoint refusing(Gen<Map<String, Object>> bodies) {
			return new Endpoint(name, method, path, target, jsonTypes, fields, unknownFieldsRefused, emptyAccepted,
					bodies, seededTargetRefused);
		}

		/** Refuses any request at its seeded target. */
		Endpoint refusingItsSeededTarget() {
			return new Endpoint(name, method, path, target, jsonTypes, fields, unknownFieldsRefused, emptyAccepted,
					refusedBodies, true);
		}

		boolean readsBody() {
			return !fields.isEmpty();
		}

		Map<String, Object> validBody() {
			Map<String, Object> body = new LinkedHashMap<>();
			fields.forEach(field -> body.put(field.name(), field.valid()));
			return body;
		}

		@Override
		public String toString() {
			return name;
		}

	}

	private WriteEndpoints() {
	}

	/**
	 * The write endpoints, in one list: a new one goes here. An endpoint that would
	 * accept a request without a body at its seeded target (a DELETE, say) gets only
	 * hostile targets unless it is {@link Endpoint#refusingItsSeededTarget()}.
	 */
	static List<Endpoint> all(Seeds seeds) {
		Field pipeline = new Field("pipeline", seeds.pipelineKey(),
				Gen.oneOf(notOneOf(seeds.pipelines()), refusedText(255, true)));
		List<Endpoint> all = new ArrayList<>();
		all.add(Endpoint
			.of("create a lead", "POST", "/api/leads", Target.NONE, name(), text("company", "Fuzz AS", 200), email(),
					text("phone", "+47 22 00 00 00", 50), amount("value"), currency(true),
					text("territory", "norway", 100), text("productLine", "Platform", 100), text("source", "web", 100),
					owner(seeds), pipeline, text("externalId", "fuzz-never-created", 200), date())
			.refusing(Gen.just(Map.of())));
		all.add(Endpoint
			.of("change a lead", "PATCH", "/api/leads/{target}", Target.LEAD, name(),
					text("company", "Fuzz Renamed AS", 200), email(), text("phone", "+47 99 99 99 99", 50),
					amount("value"), currency(false), text("territory", "sweden", 100),
					text("productLine", "Services", 100), text("source", "fair", 100), owner(seeds), date())
			.reading("application/merge-patch+json"));
		all.add(Endpoint
			.of("report facts", "POST", "/api/leads/{target}/facts", Target.LEAD,
					new Field("budgetNoted", true, badFactValues()))
			.anyFields()
			.refusing(badFacts()));
		all.add(Endpoint.of("win a lead", "POST", "/api/leads/{target}/won", Target.LEAD, amount("value"))
			.acceptingEmpty());
		all.add(Endpoint
			.of("lose a lead", "POST", "/api/leads/{target}/lost", Target.LEAD,
					new Field("reason", "Budget cut", refusedText(1000, false)))
			.acceptingEmpty());
		all.add(Endpoint
			.of("migrate a pipeline", "POST", "/api/pipelines/{target}/migrate", Target.PIPELINE,
					new Field("dryRun", true, notABoolean()), new Field("leads", List.of(seeds.leadId()), leadIds()))
			.acceptingEmpty());
		all.add(Endpoint.of("retry a list change", "POST", "/api/lists/changes/{target}/retry", Target.LIST_CHANGE)
			.acceptingEmpty()
			.refusingItsSeededTarget());
		// erasing: hostile targets only (the seeded lead would be erased with erase=true)
		all.add(Endpoint.of("erase a lead", "DELETE", "/api/leads/{target}", Target.LEAD).acceptingEmpty());
		all.add(Endpoint.of("create an API token", "POST", "/api/tokens", Target.NONE,
				new Field("name", "fuzz-never-created",
						Gen.oneOf(refusedText(50, true), Gen.of("", " ", "a b", "x/y"))),
				new Field("scopes", List.of("leads:read"), badScopes())));
		all.add(Endpoint.of("revoke an API token", "DELETE", "/api/tokens/{target}", Target.TOKEN).acceptingEmpty());
		all.add(Endpoint.of("choose my emails", "PUT", "/api/me/notifications", Target.NONE,
				new Field("language", "nb",
						Gen.oneOf(Gen.of("de", "sv", "english", "n b", ""), notAString(), refusedText(5, true))),
				new Field("off", List.of("digest"),
						Gen.oneOf(Gen.of(List.of("newsletter"), List.of(""), "digest", List.of(List.of())),
								hostileText().map(List::of))))
			.acceptingEmpty());
		all.add(Endpoint.of("save an email template", "PUT", "/api/notifications/templates/fuzz/en", Target.NONE,
				new Field("subject", "Hi {{recipient.firstName}}",
						Gen.oneOf(Gen.of("", "Hi {{recipient.first}}", "{{}}", "Hi\nthere"), refusedText(500, true))),
				new Field("body", "About {{lead.company}}",
						Gen.oneOf(Gen.of("", "About {{lead.compnay}}", "{{ x }}"), longerThan(20_000)))));
		all.add(Endpoint.of("register a webhook", "POST", "/api/webhooks", Target.NONE,
				new Field("url", "https://hooks.fuzz.example/pipewright", badWebhookUrls()),
				new Field("events", List.of("lead.won"), badWebhookEvents()),
				text("description", "Fuzz receiver", 500)));
		// no webhook or delivery exists: hostile targets only, each naming nothing
		all.add(Endpoint.of("delete a webhook", "DELETE", "/api/webhooks/{target}", Target.WEBHOOK).acceptingEmpty());
		all.add(Endpoint.of("test a webhook", "POST", "/api/webhooks/{target}/test", Target.WEBHOOK).acceptingEmpty());
		all.add(Endpoint.of("retry a delivery", "POST", "/api/deliveries/{target}/retry", Target.DELIVERY)
			.acceptingEmpty());
		return all;
	}

	/**
	 * URLs no webhook takes: not http(s), relative, with a user, at this machine (the
	 * fuzzed server does not allow loopback), or no URL at all.
	 */
	private static Gen<Object> badWebhookUrls() {
		return Gen.oneOf(
				Gen.of("", " ", "ftp://files.fuzz.example/", "file:///etc/passwd", "javascript:alert(1)", "/relative",
						"hooks.fuzz.example/x", "https://user:pw@hooks.fuzz.example/", "http://localhost/",
						"http://127.0.0.1:9/", "http://[::1]/", "http://0.0.0.0/", "https://", "http://exa mple.com/",
						"gopher://hooks.fuzz.example/"),
				Gen.just(null), refusedText(2000, true),
				withForbiddenCharacter(true).map(s -> "https://x.example/" + s));
	}

	/** Event lists no webhook takes: empty, unknown or misspelt names, not a list. */
	private static Gen<Object> badWebhookEvents() {
		return Gen.oneOf(Gen.of(List.of(), List.of("lead.wonn"), List.of("LEAD.WON"), List.of(""),
				List.of("lead.won", "nope"), "lead.won", Map.of("lead", "won")), Gen.just(null),
				hostileText().map(List::of), notAString());
	}

	/** Scopes no token takes: none, unknown or misspelt ones, not a list of texts. */
	private static Gen<Object> badScopes() {
		return Gen.oneOf(
				Gen.of(List.of(), List.of("leads:write"), List.of("LEADS:READ"), List.of("leads:read", ""),
						List.of("admin"), "leads:read", Map.of("leads", "read")),
				hostileText().map(List::of), notAString());
	}

	private static Field name() {
		return new Field("name", "Fuzz AS",
				Gen.oneOf(Gen.of("", "   ", "\t\n"), Gen.just(null), refusedText(200, true)));
	}

	private static Field text(String name, String valid, int max) {
		return new Field(name, valid, refusedText(max, true));
	}

	private static Field email() {
		return new Field("email", "post@fuzz.example",
				Gen.oneOf(notAnEmail(), notAString(), longerThan(320).map(s -> s + "@x.example"),
						withForbiddenCharacter(true).map(s -> s + "@fuzz.example")));
	}

	private static Field owner(Seeds seeds) {
		return new Field("owner", "admin", Gen.oneOf(notOneOf(seeds.users()), refusedText(64, true)));
	}

	private static Field amount(String name) {
		return new Field(name, 125000, Gen.oneOf(badAmounts(), HostileValues.notANumber()));
	}

	/** A currency the teams do not sell in; {@code null} too where it must be kept. */
	private static Field currency(boolean nullAccepted) {
		Set<String> known = Set.of("NOK", "SEK", "DKK", "EUR");
		Gen<Object> refused = Gen.oneOf(notOneOf(known), Gen.of("USD", "nokk", "N0K", "NO K", ""), notAString());
		return new Field("currency", "SEK", nullAccepted ? refused : Gen.oneOf(refused, Gen.just(null)));
	}

	private static Field date() {
		return new Field("expectedCloseDate", "2030-06-30", badDates());
	}

	private static Gen<Object> leadIds() {
		return Gen.oneOf(Gen.of(List.of(), List.of(""), List.of("  ")), hostileText().map(id -> List.of(id)),
				hostileText(), Gen.ints(1001, 1500).map(n -> Collections.nCopies(n, "x")), HostileValues.numbers(),
				HostileValues.booleans(), Gen.of(List.of(1), List.of(true), List.of(Map.of()), List.of(List.of())));
	}

	/**
	 * Values no fact takes: containers, null, text too long or unreadable, huge numbers.
	 */
	private static Gen<Object> badFactValues() {
		return Gen.oneOf(HostileValues.containers(), Gen.just(null), longerThan(4000), withForbiddenCharacter(false),
				Gen.of(HostileValues.raw("1e400"), HostileValues.raw("-1e400"),
						HostileValues.raw("123456789012345678901234567890"), HostileValues.raw("NaN")));
	}

	/**
	 * Fact sets refused as a whole: none at all, a name that is no fact name, a lead
	 * field or a reserved word, or a value the first stage's goal cannot read.
	 */
	private static Gen<Map<String, Object>> badFacts() {
		Gen<String> badNames = Gen.oneOf(hostileText().filter(name -> !FACT_NAME.matcher(name).matches()),
				Gen.of("value", "owner", "leadId", "name", "email", "execution", "task", "true", "null", "empty",
						"instanceof", "Capital", "1st", "with-dash", "x".repeat(65)));
		return Gen.oneOf(Gen.just(Map.of()), badNames.map(name -> Map.<String, Object>of(name, true)),
				Gen.<Object>of("yes", 1, 0.5, "true").map(v -> Map.<String, Object>of("interestConfirmed", v)));
	}

}
