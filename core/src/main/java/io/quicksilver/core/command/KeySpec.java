package io.quicksilver.core.command;

import java.util.List;
import java.util.Map;

/**
 * A Redis 7 key specification: where the keys of a command start (begin_search) and how many
 * follow (find_keys). Immutable.
 *
 * @param beginType "index", "keyword" or "unknown"
 * @param index     begin_search index (type index)
 * @param keyword   begin_search keyword (type keyword)
 * @param startFrom where the keyword search starts; negative counts from the end
 * @param findType  "range", "keynum" or "unknown"
 * @param lastKey   range: last key relative to the first (negative: from the end)
 * @param keyStep   range and keynum: step between keys
 * @param limit     range with negative lastKey: only 1/limit of the remaining args are keys
 * @param keyNumIdx keynum: where the key count is, relative to the first
 * @param firstKey  keynum: where the first key is, relative to the first
 * @param flags     RO, RW, OW, RM, access, update, insert, delete, not_key, incomplete...
 * @param raw       the spec as COMMAND INFO prints it
 */
public record KeySpec(String beginType, int index, String keyword, int startFrom, String findType,
        int lastKey, int keyStep, int limit, int keyNumIdx, int firstKey, List<String> flags,
        Map<String, Object> raw) {

    @SuppressWarnings("unchecked")
    static KeySpec of(Map<String, Object> raw) {
        Map<String, Object> bs = (Map<String, Object>) raw.get("begin_search");
        Map<String, Object> bsSpec = (Map<String, Object>) bs.get("spec");
        Map<String, Object> fk = (Map<String, Object>) raw.get("find_keys");
        Map<String, Object> fkSpec = (Map<String, Object>) fk.get("spec");
        return new KeySpec((String) bs.get("type"), num(bsSpec, "index"),
                (String) bsSpec.get("keyword"), num(bsSpec, "startfrom"), (String) fk.get("type"),
                num(fkSpec, "lastkey"), num(fkSpec, "keystep"), num(fkSpec, "limit"),
                num(fkSpec, "keynumidx"), num(fkSpec, "firstkey"),
                (List<String>) raw.get("flags"), raw);
    }

    private static int num(Map<String, Object> m, String k) {
        Object v = m == null ? null : m.get(k);
        return v == null ? 0 : ((Number) v).intValue();
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }
}
