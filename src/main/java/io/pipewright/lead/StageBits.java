package io.pipewright.lead;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.pipewright.pipeline.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each stage's bit in its leads' {@code stage_mask}: given the first time a lead of the
 * pipeline enters the stage, and never moved, so a lead's mask means the same whatever
 * version of the pipeline it ran on. Insight groups leads by their masks.
 */
@Repository
class StageBits {

	/** A bigint's bits short of the sign, less one to spare. */
	static final int MAX = 62;

	private static final Logger log = LoggerFactory.getLogger(StageBits.class);

	private final JdbcClient jdbc;

	/**
	 * Its own short transaction: a bit given inside the engine's would be held back from
	 * every other node until that commits, and lost if it rolls back.
	 */
	private final TransactionTemplate own;

	/** Bits never change once given, so every node may keep what it has read. */
	private final Map<String, Long> known = new ConcurrentHashMap<>();

	StageBits(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.own = new TransactionTemplate(transactions);
		this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Gives each stage of the pipeline its bit, if it has none yet. Called before the
	 * transaction that starts or moves a lead, never inside it: a second connection held
	 * by every busy request at once would empty the pool.
	 */
	void ensure(Pipeline pipeline) {
		for (Pipeline.Stage stage : pipeline.stages()) {
			String key = pipeline.key() + '\n' + stage.id();
			if (!known.containsKey(key)) {
				known.put(key, given(pipeline.key(), stage.id()));
			}
		}
	}

	/**
	 * The stage's bit as a value to add to a mask ({@code 1 << bit}); 0 once the pipeline
	 * has had more stages than a mask holds, in which case insight counts its visits.
	 * Read in the caller's transaction: {@link #ensure} gave it before the lead started.
	 */
	long of(String pipelineKey, String stageId) {
		String key = pipelineKey + '\n' + stageId;
		Long value = known.get(key);
		if (value == null) {
			Optional<Integer> bit = read(pipelineKey, stageId);
			if (bit.isEmpty()) {
				log.warn("Stage '{}' of pipeline '{}' has no bit in the leads' masks; the funnel misses it until"
						+ " a lead of the pipeline is started again", stageId, pipelineKey);
				return 0;
			}
			value = 1L << bit.get();
			known.put(key, value);
		}
		return value;
	}

	private long given(String pipelineKey, String stageId) {
		// two nodes giving the same pipeline's next bit at once: one insert fails on the
		// unique bit, and its node reads again
		for (int attempt = 1;; attempt++) {
			try {
				Integer bit = own.execute(tx -> read(pipelineKey, stageId).orElseGet(() -> give(pipelineKey, stageId)));
				return bit == null || bit < 0 ? 0 : 1L << bit;
			}
			catch (DataIntegrityViolationException ex) {
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

	private Optional<Integer> read(String pipelineKey, String stageId) {
		return jdbc.sql("select bit from pw_stage_bit where pipeline_key = ? and stage_id = ?")
			.params(pipelineKey, stageId)
			.query(Integer.class)
			.optional();
	}

	private int give(String pipelineKey, String stageId) {
		int next = jdbc.sql("select coalesce(max(bit) + 1, 0) from pw_stage_bit where pipeline_key = ?")
			.param(pipelineKey)
			.query(Integer.class)
			.single();
		if (next >= MAX) {
			log.warn("Pipeline '{}' has had more than {} stages; insight counts its funnel from the stage visits",
					pipelineKey, MAX);
			return -1;
		}
		jdbc.sql("insert into pw_stage_bit (pipeline_key, stage_id, bit) values (?, ?, ?)")
			.params(pipelineKey, stageId, next)
			.update();
		return next;
	}

}
