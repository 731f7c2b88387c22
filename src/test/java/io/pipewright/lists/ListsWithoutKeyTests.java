package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.ApiClient;
import io.pipewright.PageSession;
import io.pipewright.RunningServer;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Without a MailChimp key the changes are recorded and wait, and both the API and the
 * page say why.
 */
class ListsWithoutKeyTests extends RunningServer {

	@Test
	void theApiAndThePageSayTheSyncIsOffAndTheChangesWait() throws Exception {
		String pipeline = Newsletters.deployOn(admin(), "aud-off");
		Newsletters.createLead(admin(), pipeline, "Per Vik", "per@vik.example");

		JsonNode lists = admin().get("/api/lists").expect(200);
		assertThat(lists.path("sync").asBoolean()).isFalse();
		assertThat(lists.path("syncOff").asText()).contains("PIPEWRIGHT_MAILCHIMP_API_KEY");
		JsonNode audience = only(ApiClient.list(lists.path("lists")), a -> a.path("listId").asText().equals("aud-off"));
		assertThat(audience.path("pending").asLong()).isEqualTo(1);
		assertThat(audience.path("subscribed").asLong()).isZero();
		assertThat(audience.path("lastSyncedAt").isNull()).isTrue();

		String page = loggedInPage("/lists", "en");
		assertThat(page).contains("MailChimp sync is off").contains("PIPEWRIGHT_MAILCHIMP_API_KEY").contains("aud-off");
		assertThat(loggedInPage("/lists/aud-off", "nb-NO,nb;q=0.9")).contains("Synkronisering med MailChimp er av")
			.contains("Venter")
			.contains("Per Vik");
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> admin().get("/api/lists/aud-off/changes?state=pending")
				.expect(200)
				.path("page")
				.path("totalElements")
				.asLong() == 1);
	}

	/** Logs in through the form, as a browser does, and reads the page. */
	private String loggedInPage(String path, String language) {
		HttpResponse<String> page = PageSession.login(port, ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, language)
			.get(path);
		assertThat(page.statusCode()).as("%s: %s", path, page.body()).isEqualTo(200);
		return page.body();
	}

}
