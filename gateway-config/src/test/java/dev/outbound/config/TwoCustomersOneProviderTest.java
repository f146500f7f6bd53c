package dev.outbound.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbound.config.mapping.FixedRateTable;
import dev.outbound.config.mapping.TransformRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story of configuration over code: two customers of one provider, configured by two files, turn the same
 * provider records into different records, with no code of their own.
 */
class TwoCustomersOneProviderTest {

    private static final List<JsonNode> CONTACTS = List.of(
            Json.parse("""
                    {'Id': '003A', 'FirstName': 'Ada', 'LastName': 'Lovelace', 'Email': ' Ada@Example.com ',
                     'IsDeleted': false, 'Tier__c': 'G', 'AnnualRevenue': 2500000, 'MailingAddress': {'country': 'GB'},
                     'LastModifiedDate': '2026-01-15T09:30:00.000+0000'}"""),
            Json.parse("""
                    {'Id': '003B', 'FirstName': 'Grace', 'LastName': 'Hopper', 'Email': null, 'IsDeleted': false,
                     'Tier__c': 'X', 'AnnualRevenue': 50000, 'LastModifiedDate': '2026-01-16T10:00:00.000+0000'}"""),
            Json.parse("""
                    {'Id': '003C', 'FirstName': 'Alan', 'LastName': 'Turing', 'Email': 'alan@example.com',
                     'IsDeleted': true, 'Tier__c': 'S', 'AnnualRevenue': 10.4,
                     'LastModifiedDate': '2026-07-01T22:15:00.000+0000'}"""));

    @TempDir
    Path dir;
    private FileConfigStore store;

    @BeforeEach
    void loadBothCustomersFromFiles() throws IOException {
        Files.writeString(dir.resolve("acme-salesforce-contacts.json"), Json.resource("acme-salesforce-contacts.json"));
        Files.writeString(dir.resolve("globex-salesforce-contacts.yaml"), Json.resource("globex-salesforce-contacts.yaml"));
        TransformRegistry transforms = TransformRegistry.builder()
                .rateTable(FixedRateTable.builder().rate("USD", "EUR", "0.9").build())
                .build();
        store = FileConfigStore.builder().directory(dir).loader(ConfigLoader.builder().transforms(transforms).build()).build();
        assertThat(store.refresh().rejected()).isEmpty();
    }

    /** As a consumer reading the JSON would see them: 2250000 the same whether built as a decimal or an int. */
    private static List<JsonNode> plain(List<? extends JsonNode> records) {
        return records.stream().map(r -> Json.parse(r.toString())).toList();
    }

    private LoadedConfig config(String customer) {
        return store.find(ConfigKey.of(customer, "salesforce-contacts")).orElseThrow();
    }

    @Test
    void sameSourceRecordsBecomeDifferentRecordsPerCustomer() {
        BatchResult acme = RecordProcessor.process(config("acme"), CONTACTS);
        BatchResult globex = RecordProcessor.process(config("globex"), CONTACTS);

        // acme: not deleted and has an e-mail; flat record, normalized e-mail, tier names, defaulted country.
        assertThat(acme.filteredOut()).isEqualTo(2);
        assertThat(plain(acme.mapped())).containsExactly(Json.parse("""
                {'externalId': '003A', 'name': 'Ada Lovelace', 'email': 'ada@example.com', 'address': {'country': 'GB'},
                 'tier': 'gold', 'updatedAt': '2026-01-15T09:30:00Z'}"""));

        // globex: gold/silver tiers or big revenue; nested record, revenue in EUR, local time in Berlin.
        assertThat(globex.filteredOut()).isEqualTo(1);
        assertThat(plain(globex.mapped())).containsExactly(
                Json.parse("""
                        {'crm': {'id': '003A', 'surname': 'LOVELACE'}, 'contact': {'emails': [' Ada@Example.com ']},
                         'revenueEur': 2250000, 'changed': '15.01.2026 10:30', 'source': 'salesforce'}"""),
                Json.parse("""
                        {'crm': {'id': '003C', 'surname': 'TURING'}, 'contact': {'emails': ['alan@example.com']},
                         'revenueEur': 9, 'changed': '02.07.2026 00:15', 'source': 'salesforce'}"""));
        assertThat(acme.failed()).isEmpty();
        assertThat(globex.failed()).isEmpty();
    }

    @Test
    void eachCustomerChoosesWhatAFailedRecordDoes() {
        List<JsonNode> batch = new ArrayList<>(CONTACTS);
        batch.add(0, Json.parse("""
                {'Id': '003Z', 'LastName': 'Broken', 'Email': 'z@example.com', 'IsDeleted': false, 'Tier__c': 'G',
                 'AnnualRevenue': 'n/a', 'LastModifiedDate': 'yesterday'}"""));

        BatchResult acme = RecordProcessor.process(config("acme"), batch);
        assertThat(acme.halted()).isFalse();
        assertThat(acme.failed()).singleElement().satisfies(f -> {
            assertThat(f.index()).isZero();
            assertThat(f.reason()).contains("target 'updatedAt'").doesNotContain("yesterday");
        });
        assertThat(acme.mapped()).hasSize(1);

        BatchResult globex = RecordProcessor.process(config("globex"), batch);
        assertThat(globex.halted()).isTrue();
        assertThat(globex.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("target 'revenueEur'"));
        assertThat(globex.mapped()).isEmpty();
    }

    @Test
    void eachCustomerGetsItsOwnAccountSettingsAndSchedule() {
        ConfigAccountDirectory directory = new ConfigAccountDirectory(store);
        assertThat(directory.settings(config("acme").config().accountKey()).baseUrl())
                .hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("acme.my.salesforce.com"));
        assertThat(directory.settings(config("globex").config().accountKey()).baseUrl())
                .hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("globex.my.salesforce.com"));
        assertThat(config("acme").config().schedule()).isInstanceOf(Schedule.Interval.class);
        assertThat(config("globex").config().schedule()).isInstanceOf(Schedule.Cron.class);
    }
}
