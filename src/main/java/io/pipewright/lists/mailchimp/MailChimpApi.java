package io.pipewright.lists.mailchimp;

import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;

/** The calls of MailChimp's Marketing API v3 that list sync makes. */
interface MailChimpApi {

	/** Add or update: idempotent, so sending a change again does no harm. */
	@PUT("lists/{listId}/members/{subscriberHash}")
	Call<Void> addOrUpdateMember(@Path("listId") String listId, @Path("subscriberHash") String subscriberHash,
			@Body Member member);

	@POST("lists/{listId}/members/{subscriberHash}/tags")
	Call<Void> updateTags(@Path("listId") String listId, @Path("subscriberHash") String subscriberHash,
			@Body Tags tags);

	/**
	 * Deletes the person from the audience for good, history included; answers 204, or
	 * 404 for a person the audience does not hold.
	 */
	@POST("lists/{listId}/members/{subscriberHash}/actions/delete-permanent")
	Call<Void> deletePermanently(@Path("listId") String listId, @Path("subscriberHash") String subscriberHash);

	/** Batch subscribe or unsubscribe: up to 500 members in one call. */
	@POST("lists/{listId}")
	Call<BatchAnswer> batchSubscribe(@Path("listId") String listId, @Body BatchBody body);

}
