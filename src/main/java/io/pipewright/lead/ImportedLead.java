package io.pipewright.lead;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.pipewright.api.PlainText;
import io.pipewright.api.StorableDate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One lead of a team's past (or present) brought in by the import: its fields, when it
 * was created and closed and how, the stages it passed and the facts it reached. The
 * {@code externalId} is required: it is what makes a second import of the same file
 * change nothing.
 */
public record ImportedLead(@NotBlank @Size(max = 200) @PlainText String externalId,
		@NotBlank @Size(max = 200) @PlainText String name, @Size(max = 200) @PlainText String company,
		@Email @Size(max = 320) @PlainText String email, @Size(max = 50) @PlainText String phone,
		@PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal value, Currency currency,
		@Size(max = 100) @PlainText String territory, @Size(max = 100) @PlainText String productLine,
		@Size(max = 100) @PlainText String source, @Size(max = 64) @PlainText String owner,
		@Size(max = 255) @PlainText String pipeline, @StorableDate LocalDate expectedCloseDate, Instant createdAt,
		Instant closedAt, @Pattern(regexp = "won|lost", message = "must be won or lost") String outcome,
		@Size(max = 1000) @PlainText(lines = true) String reason, @Size(max = 100) List<@Valid @NotNull Stage> stages,
		@Size(max = 500) List<@Valid @NotNull Fact> facts) {

	public ImportedLead {
		stages = stages == null ? List.of() : List.copyOf(stages);
		facts = facts == null ? List.of() : List.copyOf(facts);
	}

	/** A stage the lead entered, and when. */
	public record Stage(@NotBlank @Size(max = 255) @PlainText String id, @NotNull Instant enteredAt) {
	}

	/** A fact the lead reached, and when. */
	public record Fact(
			@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z][A-Za-z0-9]*",
					message = "must be a camelCase name such as meetingBooked") String name,
			@NotNull Object value, @NotNull Instant at) {
	}

	boolean closed() {
		return outcome != null;
	}

	NewLead asNew() {
		return new NewLead(name, company, email, phone, value, currency, territory, productLine, source, owner,
				pipeline, externalId, expectedCloseDate);
	}

}
