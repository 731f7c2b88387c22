package io.pipewright.cues;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.lead.Lead;
import io.pipewright.lead.LeadService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Notifications by email: each recipient's copy is filled in from the template in their
 * language and put in the outbox in the caller's transaction; the mail channel sends it
 * after the commit.
 */
@Component
@EnableConfigurationProperties(NotificationProperties.class)
class MailNotifications implements Notifications {

	private static final Logger log = LoggerFactory.getLogger(MailNotifications.class);

	static final String CHANNEL = "mail";

	private final Templates templates;

	private final Preferences preferences;

	private final Outbox outbox;

	private final LeadService leads;

	private final IdentityService identity;

	private final NotificationProperties properties;

	private final ObjectMapper json;

	private final ObjectProvider<JavaMailSender> mailer;

	private final Recipients recipients;

	MailNotifications(Templates templates, Preferences preferences, Outbox outbox, LeadService leads,
			IdentityService identity, NotificationProperties properties, ObjectMapper json,
			ObjectProvider<JavaMailSender> mailer, Recipients recipients) {
		this.mailer = mailer;
		this.recipients = recipients;
		this.templates = templates;
		this.preferences = preferences;
		this.outbox = outbox;
		this.leads = leads;
		this.identity = identity;
		this.properties = properties;
		this.json = json;
	}

	@Override
	public void send(Notification notification) {
		// a rep's step may cue their manager, whose account the rep may not read
		recipients.withoutAuthentication(() -> {
			write(notification);
			return null;
		});
	}

	private void write(Notification notification) {
		if (!templates.exists(notification.template())) {
			throw new UnknownTemplate(notification.template());
		}
		if (!mailOn()) {
			return;
		}
		Lead lead = notification.leadId() == null ? null : leads.stored(notification.leadId()).orElse(null);
		for (String recipient : notification.recipients()) {
			Preferences.Preference preference = preferences.of(recipient);
			if (!preference.wants(notification.template())) {
				continue;
			}
			User user = identity.createUserQuery().userId(recipient).singleResult();
			if (user == null) {
				log.warn("No email {} for '{}': there is no such user", notification.template(), recipient);
				continue;
			}
			String language = preference.language() == null ? properties.defaultLanguage() : preference.language();
			Template template = templates.find(notification.template(), language).orElseThrow();
			Template.Rendered mail = template.render(values(lead, user, template.language(), notification.values()));
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("user", recipient);
			payload.put("language", template.language());
			payload.put("subject", mail.subject());
			payload.put("body", mail.body());
			String dedup = notification.dedupKey() == null ? null : notification.dedupKey() + ":" + recipient;
			outbox.enqueue(CHANNEL, notification.template(), blankToNull(user.getEmail()), write(payload),
					notification.leadId(), dedup);
		}
	}

	/**
	 * Without a mail server nothing is queued: a reminder that goes out weeks later, once
	 * one is configured, would mislead more than it helps.
	 */
	boolean mailOn() {
		return mailer.getIfAvailable() != null;
	}

	private Map<String, String> values(Lead lead, User recipient, String language, Map<String, Object> given) {
		Locale locale = Locale.forLanguageTag(language);
		Map<String, String> values = new HashMap<>();
		values.put("recipient.name", fullName(recipient));
		values.put("recipient.firstName",
				blankToNull(recipient.getFirstName()) == null ? recipient.getId() : recipient.getFirstName().strip());
		values.put("server.link", base());
		if (lead != null) {
			values.put("lead.name", lead.name());
			values.put("lead.company", lead.company() == null ? lead.name() : lead.company());
			values.put("lead.value",
					amount(lead.value(), lead.currency() == null ? null : lead.currency().name(), locale));
			values.put("lead.owner", lead.owner() == null ? "" : nameOf(lead.owner()));
			values.put("lead.stage", lead.stageName());
			values.put("lead.pipeline", lead.pipelineKey());
			values.put("lead.closeDate", date(lead.expectedCloseDate(), locale));
			values.put("lead.link", base() + "/leads/" + lead.id());
			values.put("stage", lead.stageName());
			if (lead.stageEnteredAt() != null) {
				Instant now = ClockUtil.now().toInstant();
				values.put("days", Long.toString(Duration.between(lead.stageEnteredAt(), now).toDays()));
			}
			values.put("reason", lead.closeReason());
		}
		given.forEach((key, value) -> values.put(key, format(value, locale)));
		values.replaceAll((key, value) -> value == null ? "" : value);
		return values;
	}

	private String format(Object value, Locale locale) {
		if (value instanceof Instant instant) {
			return DateTimeFormatter
				.ofPattern("nb".equals(locale.getLanguage()) ? "EEEE d. MMMM 'kl.' HH:mm" : "EEEE d MMMM, HH:mm",
						locale)
				.format(instant.atZone(properties.zone()));
		}
		if (value instanceof LocalDate date) {
			return date(date, locale);
		}
		return value == null ? null : value.toString();
	}

	private static String date(LocalDate date, Locale locale) {
		return date == null ? null
				: DateTimeFormatter
					.ofPattern("nb".equals(locale.getLanguage()) ? "d. MMMM yyyy" : "d MMMM yyyy", locale)
					.format(date);
	}

	/** Whole units in the recipient's grouping, then the code: "250 000 NOK". */
	static String amount(BigDecimal value, String currency, Locale locale) {
		if (value == null) {
			return null;
		}
		NumberFormat number = NumberFormat.getNumberInstance(locale);
		number.setMaximumFractionDigits(value.stripTrailingZeros().scale() > 0 ? 2 : 0);
		number.setMinimumFractionDigits(number.getMaximumFractionDigits());
		return number.format(value) + (currency == null ? "" : " " + currency);
	}

	String nameOf(String userId) {
		User user = identity.createUserQuery().userId(userId).singleResult();
		return user == null ? userId : fullName(user);
	}

	private static String fullName(User user) {
		String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
				+ (user.getLastName() == null ? "" : user.getLastName()))
			.strip();
		return name.isEmpty() ? user.getId() : name;
	}

	String base() {
		String base = properties.baseUrl().toString();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	private String write(Map<String, Object> payload) {
		try {
			return json.writeValueAsString(payload);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write an email's payload", ex);
		}
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

}
