package io.boxsync.simulator.trello;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator's mutable state records; guarded by the simulator's lock. */
final class TrelloModel {
    private TrelloModel() {
    }

    static final class Member {
        String id;
        String fullName;
        String username;
        String apiKey;
        String token;
    }

    static final class Board {
        String id;
        String name;
        String shortLink;
        boolean closed;
        Instant dateLastActivity;
        int nextIdShort = 1;
        final Map<String, BoardRole> members = new LinkedHashMap<>();
        final Map<String, String> membershipIds = new LinkedHashMap<>();
    }

    static final class TList {
        String id;
        String idBoard;
        String name;
        boolean closed;
        double pos;
    }

    static final class Label {
        String id;
        String idBoard;
        String name;
        String color;
    }

    static final class CheckItem {
        String id;
        String name;
        String state;
        double pos;
    }

    static final class Checklist {
        String id;
        String idBoard;
        String idCard;
        String name;
        double pos;
        final List<CheckItem> items = new ArrayList<>();
    }

    static final class Card {
        String id;
        String idBoard;
        String idList;
        String name;
        String desc = "";
        Instant due;
        Instant start;
        boolean dueComplete;
        boolean closed;
        Instant dateLastActivity;
        int idShort;
        double pos;
        String shortLink;
        List<String> idMembers = new ArrayList<>();
        List<String> idLabels = new ArrayList<>();
    }

    static final class Action {
        String id;
        String idBoard;
        String type;
        Instant date;
        Map<String, Object> json;
    }

    static final class Webhook {
        String id;
        String description;
        String idModel;
        String callbackURL;
        String token;
        boolean active;
        int consecutiveFailures;
        Instant firstConsecutiveFailDate;
    }
}
