package io.pipewright.board;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the pages' header links to: the list page only for those who may open it (admins
 * and marketing).
 */
@ControllerAdvice(basePackages = { "io.pipewright.board", "io.pipewright.lists" })
class Navigation {

	@ModelAttribute("navLists")
	boolean lists() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(a -> a.equals("ROLE_ADMIN") || a.equals("ROLE_MARKETING"));
	}

}
