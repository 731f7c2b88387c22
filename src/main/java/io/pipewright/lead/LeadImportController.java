package io.pipewright.lead;

import java.io.IOException;
import java.io.StringReader;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pipewright.api.InvalidInput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/import/leads}: a team's leads as newline-delimited JSON (one lead a
 * line), a JSON array, or CSV with a header row of field names. Answers what became of
 * each line; a line refused changes nothing, and the others go in regardless.
 */
@RestController
class LeadImportController {

	/** The fields a CSV may have: a lead's plain fields, no stages or facts. */
	private static final List<String> CSV_FIELDS = List.of("externalId", "name", "company", "email", "phone", "value",
			"currency", "territory", "productLine", "source", "owner", "pipeline", "expectedCloseDate", "createdAt",
			"closedAt", "outcome", "reason");

	private final LeadImport imports;

	private final ObjectMapper json;

	/** CSV has only text: "120000" must read as a number there, as JSON would not. */
	private final ObjectMapper csvJson;

	@SuppressWarnings("deprecation")
	LeadImportController(LeadImport imports, ObjectMapper json) {
		this.imports = imports;
		this.json = json;
		this.csvJson = json.copy().configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, true);
	}

	/** How the import went: counts, and each line's outcome. */
	record Report(long created, long existing, long refused, List<LeadImport.LineResult> lines) {

		static Report of(List<LeadImport.LineResult> lines) {
			return new Report(count(lines, LeadImport.Outcome.CREATED), count(lines, LeadImport.Outcome.EXISTING),
					count(lines, LeadImport.Outcome.REFUSED), lines);
		}

		private static long count(List<LeadImport.LineResult> lines, LeadImport.Outcome outcome) {
			return lines.stream().filter(line -> line.outcome() == outcome).count();
		}

	}

	@PostMapping(path = "/api/import/leads", consumes = { "application/x-ndjson", "application/jsonl" })
	Report ndjson(@RequestBody String body, Principal user) {
		List<LeadImport.Line> lines = new ArrayList<>();
		String[] texts = body.split("\r?\n", -1);
		for (int i = 0; i < texts.length; i++) {
			if (!texts[i].isBlank()) {
				lines.add(read(i + 1, texts[i]));
			}
		}
		return report(lines, user);
	}

	@PostMapping(path = "/api/import/leads", consumes = "application/json")
	Report array(@RequestBody JsonNode body, Principal user) {
		if (!body.isArray()) {
			throw new InvalidInput("body", "send a JSON array of leads, or one lead a line as application/x-ndjson");
		}
		List<LeadImport.Line> lines = new ArrayList<>();
		for (int i = 0; i < body.size(); i++) {
			lines.add(read(i + 1, body.get(i)));
		}
		return report(lines, user);
	}

	@PostMapping(path = "/api/import/leads", consumes = "text/csv")
	Report csv(@RequestBody String body, Principal user) throws IOException {
		CSVFormat format = CSVFormat.DEFAULT.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.setIgnoreEmptyLines(true)
			.setTrim(true)
			.get();
		List<LeadImport.Line> lines = new ArrayList<>();
		try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
			List<String> unknown = parser.getHeaderNames().stream().filter(name -> !CSV_FIELDS.contains(name)).toList();
			if (!parser.getHeaderNames().contains("name") || !parser.getHeaderNames().contains("externalId")
					|| !unknown.isEmpty()) {
				throw new InvalidInput("header", (unknown.isEmpty() ? "" : "unknown columns " + unknown + "; ")
						+ "the first row names the columns: externalId and name, and any of " + CSV_FIELDS);
			}
			for (CSVRecord record : parser) {
				// the header is line 1
				int line = (int) record.getRecordNumber() + 1;
				if (!record.isConsistent()) {
					lines.add(new LeadImport.Line(line, null,
							"has " + record.size() + " columns, the header " + parser.getHeaderNames().size()));
					continue;
				}
				Map<String, String> fields = new LinkedHashMap<>();
				record.toMap()
					.forEach((name, value) -> fields.put(name, value == null || value.isEmpty() ? null : value));
				lines.add(read(line, json.valueToTree(fields), csvJson));
			}
		}
		catch (java.io.UncheckedIOException ex) {
			throw new InvalidInput("body", "is not readable CSV: " + ex.getMessage());
		}
		return report(lines, user);
	}

	private Report report(List<LeadImport.Line> lines, Principal user) {
		if (lines.isEmpty()) {
			throw new InvalidInput("body", "holds no leads");
		}
		if (lines.size() > 10_000) {
			throw new InvalidInput("body", "holds " + lines.size() + " leads; send at most 10000 in one request");
		}
		return Report.of(imports.importAll(lines, user.getName()));
	}

	private LeadImport.Line read(int number, String text) {
		try {
			return read(number, json.readTree(text));
		}
		catch (JsonProcessingException ex) {
			return new LeadImport.Line(number, null, "is not JSON: " + ex.getOriginalMessage());
		}
	}

	private LeadImport.Line read(int number, JsonNode node) {
		return read(number, node, json);
	}

	private LeadImport.Line read(int number, JsonNode node, ObjectMapper json) {
		if (!node.isObject()) {
			return new LeadImport.Line(number, null, "is not a JSON object of a lead's fields");
		}
		try {
			return new LeadImport.Line(number, json.treeToValue(node, ImportedLead.class), null);
		}
		catch (UnrecognizedPropertyException ex) {
			return new LeadImport.Line(number, null, "has an unknown field '" + ex.getPropertyName() + "'");
		}
		catch (InvalidFormatException ex) {
			return new LeadImport.Line(number, null,
					"field '" + path(ex) + "' cannot be read as " + ex.getTargetType().getSimpleName());
		}
		catch (MismatchedInputException ex) {
			return new LeadImport.Line(number, null, "field '" + path(ex) + "' has the wrong type");
		}
		catch (JsonProcessingException ex) {
			return new LeadImport.Line(number, null, "cannot be read: " + ex.getOriginalMessage());
		}
	}

	private static String path(MismatchedInputException ex) {
		StringBuilder path = new StringBuilder();
		for (var reference : ex.getPath()) {
			if (reference.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
