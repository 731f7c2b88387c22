package io.pipewright.insight;

/** Which leads count: only those with these fields; null counts every lead. */
record FunnelFilter(String owner, String territory, String productLine, String source) {

	static FunnelFilter none() {
		return new FunnelFilter(null, null, null, null);
	}

}
