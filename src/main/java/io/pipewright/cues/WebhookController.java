package io.pipewright.cues;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins register outgoing webhooks here (admins only: SecurityConfiguration). */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

	private final WebhookService webhooks;

	WebhookController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@PostMapping
	ResponseEntity<NewWebhookView> create(@RequestBody NewWebhook request, Principal user) {
		WebhookService.Created created = webhooks.create(request.url(), request.events(), request.description(),
				user.getName());
		Webhooks.Webhook webhook = created.webhook();
		return ResponseEntity.created(URI.create("/api/webhooks/" + webhook.id()))
			.body(new NewWebhookView(Long.toString(webhook.id()), webhook.url(), webhook.events(),
					webhook.description(), webhook.createdBy(), webhook.createdAt(), created.secret()));
	}

	@GetMapping
	List<WebhookView> list() {
		return webhooks.list().stream().map(this::view).toList();
	}

	@GetMapping("/{id}")
	WebhookView one(@PathVariable String id) {
		return view(webhooks.get(id(id)));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, Principal user) {
		webhooks.delete(id(id), user.getName());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/test")
	ResponseEntity<Test> test(@PathVariable String id, Principal user) {
		long delivery = webhooks.test(id(id), user.getName());
		return ResponseEntity.accepted().body(new Test(Long.toString(delivery), WebhookEvent.PING));
	}

	private WebhookView view(Webhooks.Webhook webhook) {
		Webhooks.Deliveries deliveries = webhooks.deliveries(webhook.id());
		LastDelivery last = deliveries.lastId() == null ? null : new LastDelivery(Long.toString(deliveries.lastId()),
				deliveries.lastState(), deliveries.lastStatus(), deliveries.lastAt(), deliveries.lastError());
		return new WebhookView(Long.toString(webhook.id()), webhook.url(), webhook.events(), webhook.description(),
				webhook.createdBy(), webhook.createdAt(), last, deliveries.pending());
	}

	/** Ids are numbers; anything else names no webhook (404, as an unknown number). */
	private static long id(String id) {
		if (id == null || !id.matches("[0-9]{1,18}")) {
			throw new UnknownWebhook(id == null ? "" : id.length() > 60 ? id.substring(0, 60) + "..." : id);
		}
		return Long.parseLong(id);
	}

	record NewWebhook(String url, List<String> events, String description) {
	}

	/** The one answer that shows the secret. */
	record NewWebhookView(String id, String url, List<String> events, String description, String createdBy,
			Instant createdAt, String secret) {
	}

	/**
	 * @param lastDelivery the delivery last attempted (null before any)
	 * @param pending deliveries waiting to be sent
	 */
	record WebhookView(String id, String url, List<String> events, String description, String createdBy,
			Instant createdAt, LastDelivery lastDelivery, long pending) {
	}

	/**
	 * @param status the receiver's HTTP status (null when it could not be reached)
	 */
	record LastDelivery(String id, String state, Integer status, Instant at, String error) {
	}

	record Test(String delivery, String event) {
	}

}
