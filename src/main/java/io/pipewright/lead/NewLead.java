package io.pipewright.lead;

import io.pipewright.api.PlainText;
import io.pipewright.api.StorableDate;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A lead to create. Only the name is required; routing fills in pipeline and owner when
 * absent.
 */
public record NewLead(@NotBlank @Size(max = 200) @PlainText String name, @Size(max = 200) @PlainText String company,
		@Email @Size(max = 320) @PlainText String email, @Size(max = 50) @PlainText String phone,
		@PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal value, Currency currency,
		@Size(max = 100) @PlainText String territory, @Size(max = 100) @PlainText String productLine,
		@Size(max = 100) @PlainText String source, @Size(max = 64) @PlainText String owner,
		@Size(max = 255) @PlainText String pipeline, @Size(max = 200) @PlainText String externalId,
		@StorableDate LocalDate expectedCloseDate) {

	public NewLead {
		name = name == null ? null : name.strip();
		company = blankToNull(company);
		email = blankToNull(email);
		phone = blankToNull(phone);
		territory = blankToNull(territory);
		productLine = blankToNull(productLine);
		source = blankToNull(source);
		owner = blankToNull(owner);
		pipeline = blankToNull(pipeline);
		externalId = blankToNull(externalId);
	}

	static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

}
