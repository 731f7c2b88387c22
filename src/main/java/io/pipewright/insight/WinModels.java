package io.pipewright.insight;

import io.pipewright.lead.LeadClosed;
import io.pipewright.lead.LeadsImported;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Each pipeline's win model, learned once from every closed lead and then kept up to date
 * lead by lead: a lead closed on this node is learned as its close commits, and a count
 * of the closed leads, asked now and then, tells when other nodes or an import have
 * closed leads this node has not seen; the model is then learned again in the background
 * while the old one keeps answering. Learning a million closed leads takes seconds, so no
 * lead's page waits for it but the first after a start.
 */
@Component
class WinModels {

	private static final Logger log = LoggerFactory.getLogger(WinModels.class);

	/**
	 * Learning again takes at most a tenth of a node's time however often leads close:
	 * the count waits ten times as long as the last learning took.
	 */
	private static final int PATIENCE = 10;

	private final Milestones milestones;

	private final ProbabilityProperties properties;

	private final Map<String, Kept> kept = new ConcurrentHashMap<>();

	private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "win-model");
		thread.setDaemon(true);
		return thread;
	});

	WinModels(Milestones milestones, ProbabilityProperties properties) {
		this.milestones = milestones;
		this.properties = properties;
	}

	@PreDestroy
	void stop() {
		// no interrupt: a thread interrupted in H2's file I/O closes the whole database
		background.shutdown();
	}

	/** A pipeline's model and when it was last checked against the closed leads. */
	private static final class Kept {

		volatile WinModel model;

		volatile boolean stale;

		volatile long checkedAt;

		volatile long tookNanos;

		volatile boolean checking;

	}

	/** The pipeline's model, learned first if this node has none yet (or it is stale). */
	WinModel of(String pipelineKey) {
		Kept entry = kept.computeIfAbsent(pipelineKey, key -> new Kept());
		if (entry.model == null || entry.stale) {
			synchronized (entry) {
				if (entry.model == null || entry.stale) {
					entry.stale = false;
					learn(pipelineKey, entry);
				}
			}
		}
		else if (!entry.checking && System.nanoTime() - entry.checkedAt > Math.max(properties.recheck().toNanos(),
				PATIENCE * entry.tookNanos)) {
			entry.checking = true;
			background.execute(() -> check(pipelineKey, entry));
		}
		return entry.model;
	}

	/** Learns anew when the closed leads are not those the model has learned. */
	private void check(String pipelineKey, Kept entry) {
		try {
			long closed = milestones.stamp(pipelineKey).closed();
			if (closed != entry.model.closedLeads()) {
				synchronized (entry) {
					learn(pipelineKey, entry);
				}
			}
			entry.checkedAt = System.nanoTime();
		}
		catch (RuntimeException ex) {
			// the model in use still answers; the next request asks again
			log.warn("Could not check the win model of pipeline '{}' against its closed leads", pipelineKey, ex);
		}
		finally {
			entry.checking = false;
		}
	}

	private void learn(String pipelineKey, Kept entry) {
		long started = System.nanoTime();
		WinModel model = new WinModel(properties.priorStrength(), properties.minLeads());
		milestones.closed(pipelineKey, lead -> model.learn(new WinModel.Path(lead.milestones(), lead.won())));
		entry.model = model;
		entry.tookNanos = System.nanoTime() - started;
		entry.checkedAt = System.nanoTime();
	}

	/**
	 * A lead closed here: its path joins the model once the close has committed (a
	 * rolled-back close teaches nothing).
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void closed(LeadClosed event) {
		try {
			Milestones.Lead lead = milestones.of(event.leadId());
			if (lead == null || "open".equals(lead.status())) {
				return;
			}
			Kept entry = kept.get(lead.pipelineKey());
			WinModel model = entry == null ? null : entry.model;
			if (model != null) {
				model.learn(new WinModel.Path(lead.milestones(), lead.won()));
			}
		}
		catch (RuntimeException ex) {
			// the count tells the next check that this lead is missing
			log.warn("Could not add closed lead {} to its win model", event.leadId(), ex);
		}
	}

	/** Imported history is learned in full the next time the model is asked for. */
	@EventListener
	void imported(LeadsImported event) {
		event.pipelineKeys().forEach(key -> {
			Kept entry = kept.get(key);
			if (entry != null) {
				entry.stale = true;
			}
		});
	}

}
