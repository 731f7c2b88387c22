package io.pipewright.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Cutting a person's data out of the texts an erased lead keeps. */
class PersonalDataTests {

	private final PersonalData person = PersonalData.of(List.of("Åsa Ærlig-Østby"),
			List.of("Fjordbruk AS", "asa@fjordbruk.example", "+47 912 34 567"), List.of("Asa@Fjordbruk.Example"));

	@Test
	void theWholeNameEachWordAndEachPartGoInAnyCase() {
		assertThat(person.scrub("Call Åsa Ærlig-Østby")).isEqualTo("Call [erased]");
		assertThat(person.scrub("ÅSA said no; ask Østby's colleague"))
			.isEqualTo("[erased] said no; ask [erased]'s colleague");
		assertThat(person.scrub("ærlig-østby chose a competitor")).isEqualTo("[erased] chose a competitor");
	}

	@Test
	void contactDetailsAndTheCompanyGoWhole() {
		assertThat(person.scrub("ASA@fjordbruk.example looks fake or invalid, please enter a real email address."))
			.isEqualTo("[erased] looks fake or invalid, please enter a real email address.");
		assertThat(person.scrub("Call +47 912 34 567 at Fjordbruk AS")).isEqualTo("Call [erased] at [erased]");
	}

	@Test
	void wordsThatOnlyContainTheDataStay() {
		assertThat(person.scrub("Send the Fjordbruk ASAP; Åsane office; masa"))
			.isEqualTo("Send the Fjordbruk ASAP; Åsane office; masa");
		assertThat(person.scrub(null)).isNull();
	}

	@Test
	void emailsAreKeptLowerCasedForTheirSubscriberHash() {
		assertThat(person.emails()).containsExactly("asa@fjordbruk.example");
	}

}
