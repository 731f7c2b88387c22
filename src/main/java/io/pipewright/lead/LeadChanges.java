package io.pipewright.lead;

import io.pipewright.api.PlainText;
import io.pipewright.api.StorableDate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A JSON merge patch of a lead: a field left out is unchanged ({@code null} here), a
 * field sent as JSON null is cleared ({@code Optional.empty()}), any other value replaces
 * it. Setters rather than a record, because Jackson calls a setter only for a field that
 * is present, which is what tells the two apart.
 */
public final class LeadChanges {

	private Optional<@NotBlank @Size(max = 200) @PlainText String> name;

	private Optional<@Size(max = 200) @PlainText String> company;

	private Optional<@Email @Size(max = 320) @PlainText String> email;

	private Optional<@Size(max = 50) @PlainText String> phone;

	private Optional<@PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal> value;

	private Optional<Currency> currency;

	private Optional<@Size(max = 100) @PlainText String> territory;

	private Optional<@Size(max = 100) @PlainText String> productLine;

	private Optional<@Size(max = 100) @PlainText String> source;

	private Optional<@Size(max = 64) @PlainText String> owner;

	private Optional<@StorableDate LocalDate> expectedCloseDate;

	public Optional<String> name() {
		return name;
	}

	public void setName(Optional<String> name) {
		this.name = name;
	}

	public Optional<String> company() {
		return company;
	}

	public void setCompany(Optional<String> company) {
		this.company = company;
	}

	public Optional<String> email() {
		return email;
	}

	public void setEmail(Optional<String> email) {
		this.email = email;
	}

	public Optional<String> phone() {
		return phone;
	}

	public void setPhone(Optional<String> phone) {
		this.phone = phone;
	}

	public Optional<BigDecimal> value() {
		return value;
	}

	public void setValue(Optional<BigDecimal> value) {
		this.value = value;
	}

	public Optional<Currency> currency() {
		return currency;
	}

	public void setCurrency(Optional<Currency> currency) {
		this.currency = currency;
	}

	public Optional<String> territory() {
		return territory;
	}

	public void setTerritory(Optional<String> territory) {
		this.territory = territory;
	}

	public Optional<String> productLine() {
		return productLine;
	}

	public void setProductLine(Optional<String> productLine) {
		this.productLine = productLine;
	}

	public Optional<String> source() {
		return source;
	}

	public void setSource(Optional<String> source) {
		this.source = source;
	}

	public Optional<String> owner() {
		return owner;
	}

	public void setOwner(Optional<String> owner) {
		this.owner = owner;
	}

	public Optional<LocalDate> expectedCloseDate() {
		return expectedCloseDate;
	}

	public void setExpectedCloseDate(Optional<LocalDate> expectedCloseDate) {
		this.expectedCloseDate = expectedCloseDate;
	}

}
