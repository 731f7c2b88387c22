package io.pipewright.cues;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox's emails through Spring's mail sender ({@code spring.mail.*}). A mail
 * server that is down, or not configured yet, leaves the email waiting; one that refuses
 * the address for good (a 5xx reply) fails it, with the server's words.
 */
@Component
class MailChannel implements Channel {

	/** Each email names its delivery, so a receiver (or a test) can tell a resend. */
	static final String DELIVERY_HEADER = "X-Pipewright-Delivery";

	private final ObjectProvider<JavaMailSender> sender;

	private final NotificationProperties properties;

	private final ObjectMapper json;

	MailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties, ObjectMapper json) {
		this.sender = sender;
		this.properties = properties;
		this.json = json;
	}

	@Override
	public String name() {
		return MailNotifications.CHANNEL;
	}

	@Override
	public Outcome deliver(Delivery delivery) {
		Map<String, String> mail = read(delivery.payload());
		if (delivery.target() == null || delivery.target().isBlank()) {
			return Outcome.refused("User '" + mail.get("user")
					+ "' has no email address; add one in Camunda Admin, then retry the delivery");
		}
		JavaMailSender mailer = sender.getIfAvailable();
		if (mailer == null) {
			return Outcome.retry("No mail server is configured: set spring.mail.host (SPRING_MAIL_HOST)");
		}
		try {
			MimeMessage message = mailer.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
			helper.setFrom(properties.from());
			helper.setTo(delivery.target());
			helper.setSubject(mail.get("subject"));
			helper.setText(mail.get("body"));
			message.setHeader(DELIVERY_HEADER, Long.toString(delivery.id()));
			message.setHeader("Content-Language", mail.get("language"));
			mailer.send(message);
			return Outcome.SENT;
		}
		catch (MessagingException ex) {
			return Outcome.refused("The email could not be written: " + ex.getMessage());
		}
		catch (MailAuthenticationException ex) {
			return Outcome.retry("The mail server refused Pipewright's login: " + ex.getMessage());
		}
		catch (MailSendException ex) {
			int code = replyCode(ex);
			Outcome outcome = code >= 500 ? Outcome.refused("The mail server refused the email: " + reason(ex))
					: Outcome.retry("The mail server did not take the email: " + reason(ex));
			return code > 0 ? outcome.withStatus(code) : outcome;
		}
		catch (MailException ex) {
			return Outcome.retry("The mail server could not be reached: " + reason(ex));
		}
	}

	/**
	 * The SMTP server's reply code to the address or the message, 0 if it gave none (the
	 * connection failed). A 5xx reply is for good: sending again would not help.
	 */
	private static int replyCode(MailSendException ex) {
		for (Exception failure : ex.getFailedMessages().values()) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof SMTPAddressFailedException address) {
					return address.getReturnCode();
				}
				if (cause instanceof SMTPSendFailedException send) {
					return send.getReturnCode();
				}
			}
		}
		return 0;
	}

	private static String reason(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		return message.strip();
	}

	private Map<String, String> read(String payload) {
		try {
			return json.readValue(payload, new TypeReference<Map<String, String>>() {
			});
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("An email in the outbox cannot be read", ex);
		}
	}

}
