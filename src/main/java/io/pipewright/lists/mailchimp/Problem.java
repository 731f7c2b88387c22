package io.pipewright.lists.mailchimp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** MailChimp's error body (problem JSON). */
@JsonIgnoreProperties(ignoreUnknown = true)
record Problem(String type, String title, Integer status, String detail, String instance) {

}
