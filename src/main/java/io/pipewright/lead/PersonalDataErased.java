package io.pipewright.lead;

/**
 * A lead's personal data was erased on request. Published by {@link LeadErasure} inside
 * the erasing transaction, once the lead's own rows and the engine's are clear; listeners
 * remove what they keep of the person in the same transaction (plain
 * {@code @EventListener}), so the erasure commits whole or not at all.
 */
public record PersonalDataErased(String leadId, PersonalData personalData) {
}
