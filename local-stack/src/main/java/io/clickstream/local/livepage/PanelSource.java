package io.clickstream.local.livepage;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Where the live page's panels come from: each panel's rows by panel name (see {@link LivePanels}). */
@FunctionalInterface
public interface PanelSource {

    Map<String, List<Map<String, Object>>> read() throws SQLException;
}
