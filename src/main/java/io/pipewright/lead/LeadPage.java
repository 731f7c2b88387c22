package io.pipewright.lead;

import java.util.List;

/** One page of leads, newest first, and how many match in all. */
public record LeadPage(List<Lead> leads, int page, int size, long total) {
}
