package io.pipewright.routing;

import java.util.Collection;
import java.util.Map;

/**
 * Where routing learns how reps do; provided by whoever keeps the leads.
 */
public interface TrackRecords {

	/**
	 * Each user's record on closed leads with this product line and value tier (null
	 * matches null), and their open leads; users with no leads may be left out.
	 */
	Map<String, TrackRecord> of(Collection<String> users, String productLine, String valueTier);

}
