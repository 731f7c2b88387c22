package io.pipewright.lead;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum LeadStatus {

	OPEN, WON, LOST;

	@JsonValue
	public String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return json();
	}

	static LeadStatus of(String text) {
		return valueOf(text.strip().toUpperCase(Locale.ROOT));
	}

}
