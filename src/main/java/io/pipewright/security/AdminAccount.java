package io.pipewright.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.authorization.Groups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the first administrator on the first start, and never touches the account
 * afterwards.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(AdminProperties.class)
class AdminAccount implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);

	/**
	 * The start-up's checks and writes in one transaction, not a commit each (dozens on a
	 * first start): all of it or none of it.
	 */
	private final TransactionTemplate transaction;

	private final IdentityService identity;

	private final AdminProperties properties;

	AdminAccount(IdentityService identity, AdminProperties properties, TransactionTemplate transaction) {
		this.transaction = transaction;
		this.identity = identity;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		transaction.executeWithoutResult(status -> setUp());
	}

	private void setUp() {
		if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
			Group admins = identity.newGroup(Groups.CAMUNDA_ADMIN);
			admins.setName("Administrators");
			admins.setType(Groups.GROUP_TYPE_SYSTEM);
			identity.saveGroup(admins);
		}
		if (identity.createUserQuery().userId(properties.user()).count() > 0) {
			return;
		}
		User admin = identity.newUser(properties.user());
		admin.setFirstName("Pipewright");
		admin.setLastName("Admin");
		// checked at start-up (SecretsCheck); the engine keeps only a salted hash
		admin.setPassword(properties.password());
		identity.saveUser(admin);
		identity.createMembership(admin.getId(), Groups.CAMUNDA_ADMIN);
		log.info("Created the administrator '{}' with the password from pipewright.admin.password", admin.getId());
	}

}
