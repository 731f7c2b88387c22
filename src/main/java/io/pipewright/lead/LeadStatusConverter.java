package io.pipewright.lead;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Reads {@code ?status=open} the way the API writes it. */
@Component
class LeadStatusConverter implements Converter<String, LeadStatus> {

	@Override
	public LeadStatus convert(String source) {
		return LeadStatus.of(source);
	}

}
