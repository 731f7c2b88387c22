package io.pipewright.lead;

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
public record NewLead(@NotBlank @Size(max = 200) String name, @Size(max = 200) String company,
		@Email @Size(max = 320) String email, @Size(max = 50) String phone,
		@PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal value, Currency currency,
		@Size(max = 100) String territory, @Size(max = 100) String productLine, @Size(max = 100) String source,
		@Size(max = 64) String owner, @Size(max = 255) String pipeline, @Size(max = 200) String externalId,
		LocalDate expectedCloseDate) {

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
