package io.pipewright.lead;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * Pipewright's lead rows. Runs in the caller's transaction, which is the engine's inside
 * a listener.
 */
@Repository
class Leads {

	private static final String COLUMNS = """
			id, external_id, name, company, email, phone, amount, currency, territory, product_line, source, owner,
			expected_close_date, status, close_reason, closed_at, pipeline_key, pipeline_version,
			process_definition_id, process_instance_id, stage_id, stage_name, stage_entered_at, created_at, updated_at,
			value_tier, assignment_reason, assignment_fallback, erased_at
			""";

	private final JdbcClient jdbc;

	Leads(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Lead lead) {
		known(lead.id(), Optional.of(lead.status()));
		owned(lead.id(), lead.owner());
		jdbc.sql("insert into pw_lead (" + COLUMNS + ") values (:id, :externalId, :name, :company, :email, :phone,"
				+ " :amount, :currency, :territory, :productLine, :source, :owner, :expectedCloseDate, :status,"
				+ " :closeReason, :closedAt, :pipelineKey, :pipelineVersion, :processDefinitionId,"
				+ " :processInstanceId, :stageId, :stageName, :stageEnteredAt, :createdAt, :updatedAt, :valueTier,"
				+ " :assignmentReason, :assignmentFallback, :erasedAt)")
			.params(params(lead))
			.update();
	}

	/**
	 * Writes every field that a person may change; stage and status have their own calls.
	 */
	void update(Lead lead) {
		owned(lead.id(), lead.owner());
		jdbc.sql(
				"""
						update pw_lead set name = :name, company = :company, email = :email, phone = :phone, amount = :amount,
						currency = :currency, territory = :territory, product_line = :productLine, source = :source,
						owner = :owner, expected_close_date = :expectedCloseDate, updated_at = :updatedAt, value_tier = :valueTier,
						assignment_reason = :assignmentReason, assignment_fallback = :assignmentFallback where id = :id
						""")
			.params(params(lead))
			.update();
	}

	void started(String id, String processInstanceId) {
		jdbc.sql("update pw_lead set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
	}

	/**
	 * Closes the lead if it is still open; false when it was already closed. A value
	 * given on closing comes with its tier.
	 */
	boolean close(String id, LeadStatus status, String reason, BigDecimal value, String valueTier, Instant at) {
		boolean closed = jdbc.sql("""
				update pw_lead set status = :status, close_reason = :reason, closed_at = :at, updated_at = :at,
				amount = coalesce(:amount, amount),
				value_tier = coalesce(:valueTier, value_tier)
				where id = :id and status = 'open'
				""")
			.param("status", status.json())
			.param("valueTier", valueTier)
			.param("reason", reason)
			.param("at", utc(at))
			.param("amount", value)
			.param("id", id)
			.update() == 1;
		// not closed here: closed by someone else, read again when asked
		known(id, closed ? Optional.of(status) : null);
		return closed;
	}

	/**
	 * Marks the lead erased, unless it already was; false then. The row stays locked
	 * until the transaction ends, so a second erasure at the same moment waits and finds
	 * it erased.
	 */
	boolean markErased(String id, Instant at) {
		return jdbc.sql("update pw_lead set erased_at = ? where id = ? and erased_at is null")
			.params(utc(at), id)
			.update() == 1;
	}

	/**
	 * Replaces the person's data on the lead: the name by a placeholder, contact details
	 * and external id by nothing, the texts by the scrubbed ones given; {@code at} is
	 * when the erasure is done. Everything insight and routing count by stays.
	 */
	void anonymise(String id, String name, String closeReason, String assignmentReason, Instant at) {
		jdbc.sql("""
				update pw_lead set name = ?, company = null, email = null, phone = null, external_id = null,
				close_reason = ?, assignment_reason = ?, updated_at = ?, erased_at = ? where id = ?
				""").params(name, closeReason, assignmentReason, utc(at), utc(at), id).update();
	}

	/**
	 * @param stageBit the stage's bit in the lead's mask of stages entered
	 * ({@link StageBits})
	 */
	void enterStage(String id, String stageId, String stageName, long stageBit, Instant at) {
		// the bit is added once, however often the lead comes back to the stage
		jdbc.sql("""
				update pw_lead set stage_id = ?, stage_name = ?, stage_entered_at = ?, updated_at = ?,
				stage_mask = case when mod(stage_mask / ?, 2) = 0 then stage_mask + ? else stage_mask end
				where id = ?
				""").params(stageId, stageName, utc(at), utc(at), Math.max(stageBit, 1), stageBit, id).update();
	}

	/** An imported lead's stages: its mask of stages entered, whole. */
	void stagesEntered(String id, long stageMask) {
		jdbc.sql("update pw_lead set stage_mask = ? where id = ?").params(stageMask, id).update();
	}

	void leaveStage(String id, String stageId, Instant at) {
		jdbc.sql("""
				update pw_lead set stage_id = null, stage_name = null, stage_entered_at = null, updated_at = ?
				where id = ? and stage_id = ?
				""").params(utc(at), id, stageId).update();
	}

	/**
	 * After a migration: the lead runs on another version, and its stage may carry a new
	 * name there.
	 */
	void migrated(String id, int version, String processDefinitionId, String stageName, Instant at) {
		jdbc.sql("""
				update pw_lead set pipeline_version = ?, process_definition_id = ?,
				stage_name = coalesce(?, stage_name), updated_at = ? where id = ?
				""").params(version, processDefinitionId, stageName, utc(at), id).update();
	}

	/** The open leads of a pipeline, oldest first. */
	List<Lead> openOf(String pipelineKey) {
		return jdbc
			.sql("select " + COLUMNS + " from pw_lead where pipeline_key = ? and status = 'open'"
					+ " order by created_at, id")
			.param(pipelineKey)
			.query(Leads::map)
			.list();
	}

	Optional<Lead> find(String id) {
		Optional<Lead> lead = jdbc.sql("select " + COLUMNS + " from pw_lead where id = ?")
			.param(id)
			.query(Leads::map)
			.optional();
		lead.ifPresent(found -> {
			known(id, Optional.of(found.status()));
			owned(id, found.owner());
		});
		return lead;
	}

	/** Leads by id, in one query; ids that name no lead are left out. */
	List<Lead> findAll(Collection<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select " + COLUMNS + " from pw_lead where id in (:ids)")
			.param("ids", ids)
			.query(Leads::map)
			.list();
	}

	Optional<Lead> findByExternalId(String externalId) {
		return jdbc.sql("select " + COLUMNS + " from pw_lead where external_id = ?")
			.param(externalId)
			.query(Leads::map)
			.optional();
	}

	/**
	 * The lead's status; empty when no lead has the id (a process started by hand). Read
	 * once a transaction: the engine's listeners ask at every stage and task of a move,
	 * and in between only this transaction changes it (through {@link #close}; a lead is
	 * never deleted).
	 */
	Optional<LeadStatus> status(String id) {
		StatusMemo memo = StatusMemo.current();
		Optional<LeadStatus> status = memo == null ? null : memo.statuses.get(id);
		if (status == null) {
			status = jdbc.sql("select status from pw_lead where id = ?")
				.param(id)
				.query((rs, n) -> LeadStatus.of(rs.getString(1)))
				.optional();
			known(id, status);
		}
		return status;
	}

	/**
	 * The lead's owner if it is open, as this transaction knows it (read when it does
	 * not); empty when it is closed, has no owner or no lead has the id.
	 */
	Optional<String> ownerIfOpen(String id) {
		return owner(id).filter(owner -> status(id).orElse(null) == LeadStatus.OPEN);
	}

	/** The lead's owner as this transaction knows it (read when it does not). */
	Optional<String> owner(String id) {
		StatusMemo memo = StatusMemo.current();
		Optional<String> owner = memo == null ? null : memo.owners.get(id);
		if (owner == null) {
			return find(id).map(Lead::owner);
		}
		return owner;
	}

	/** Only {@link #insert}, {@link #update} and {@link #find} know the owner. */
	private static void owned(String id, String owner) {
		StatusMemo memo = InTransaction.of(StatusMemo.class, StatusMemo::new);
		if (memo != null) {
			memo.owners.put(id, Optional.ofNullable(owner));
		}
	}

	/** What this transaction now knows of the lead's status; null: nothing. */
	private static void known(String id, Optional<LeadStatus> status) {
		StatusMemo memo = status == null ? StatusMemo.current() : InTransaction.of(StatusMemo.class, StatusMemo::new);
		if (memo != null) {
			if (status == null) {
				memo.statuses.remove(id);
			}
			else {
				memo.statuses.put(id, status);
			}
		}
	}

	/** The statuses and owners one transaction read or wrote. */
	private static final class StatusMemo implements TransactionSynchronization {

		final Map<String, Optional<LeadStatus>> statuses = new HashMap<>();

		final Map<String, Optional<String>> owners = new HashMap<>();

		static StatusMemo current() {
			return InTransaction.find(StatusMemo.class);
		}

	}

	LeadPage page(LeadFilter filter, int page, int size) {
		StringBuilder where = new StringBuilder(" where 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (filter.status() != null) {
			where.append(" and status = :status");
			params.put("status", filter.status().json());
		}
		if (filter.owner() != null) {
			where.append(" and owner = :owner");
			params.put("owner", filter.owner());
		}
		if (filter.owners() != null) {
			// the owners the caller may see; none (an empty team) sees nothing
			where.append(filter.owners().isEmpty() ? " and 1 = 0" : " and owner in (:owners)");
			params.put("owners", filter.owners());
		}
		if (filter.pipeline() != null) {
			where.append(" and pipeline_key = :pipeline");
			params.put("pipeline", filter.pipeline());
		}
		if (filter.stage() != null) {
			where.append(" and stage_id = :stage");
			params.put("stage", filter.stage());
		}
		long total = jdbc.sql("select count(*) from pw_lead" + where).params(params).query(Long.class).single();
		List<Lead> leads = jdbc
			.sql("select " + COLUMNS + " from pw_lead" + where
					+ " order by created_at desc, id limit :limit offset :offset")
			.params(params)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(Leads::map)
			.list();
		return new LeadPage(leads, page, size, total);
	}

	private static Map<String, Object> params(Lead lead) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("id", lead.id());
		p.put("externalId", lead.externalId());
		p.put("name", lead.name());
		p.put("company", lead.company());
		p.put("email", lead.email());
		p.put("phone", lead.phone());
		p.put("amount", lead.value());
		p.put("currency", lead.currency().name());
		p.put("territory", lead.territory());
		p.put("productLine", lead.productLine());
		p.put("source", lead.source());
		p.put("owner", lead.owner());
		p.put("expectedCloseDate", lead.expectedCloseDate());
		p.put("status", lead.status().json());
		p.put("closeReason", lead.closeReason());
		p.put("closedAt", utc(lead.closedAt()));
		p.put("pipelineKey", lead.pipelineKey());
		p.put("pipelineVersion", lead.pipelineVersion());
		p.put("processDefinitionId", lead.processDefinitionId());
		p.put("processInstanceId", lead.processInstanceId());
		p.put("stageId", lead.stageId());
		p.put("stageName", lead.stageName());
		p.put("stageEnteredAt", utc(lead.stageEnteredAt()));
		p.put("createdAt", utc(lead.createdAt()));
		p.put("updatedAt", utc(lead.updatedAt()));
		p.put("valueTier", lead.valueTier());
		p.put("assignmentReason", lead.assignmentReason());
		p.put("assignmentFallback", lead.assignmentFallback());
		p.put("erasedAt", utc(lead.erasedAt()));
		return p;
	}

	private static Lead map(ResultSet rs, int row) throws SQLException {
		return new Lead(rs.getString("id"), rs.getString("external_id"), rs.getString("name"), rs.getString("company"),
				rs.getString("email"), rs.getString("phone"), rs.getBigDecimal("amount"),
				Currency.valueOf(rs.getString("currency")), rs.getString("territory"), rs.getString("product_line"),
				rs.getString("source"), rs.getString("owner"), rs.getObject("expected_close_date", LocalDate.class),
				LeadStatus.of(rs.getString("status")), rs.getString("close_reason"), instant(rs, "closed_at"),
				rs.getString("pipeline_key"), rs.getInt("pipeline_version"), rs.getString("process_definition_id"),
				rs.getString("process_instance_id"), rs.getString("stage_id"), rs.getString("stage_name"),
				instant(rs, "stage_entered_at"), instant(rs, "created_at"), instant(rs, "updated_at"),
				rs.getString("value_tier"), rs.getString("assignment_reason"), rs.getBoolean("assignment_fallback"),
				instant(rs, "erased_at"));
	}

	static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
