//! The red-sites map: open it, filter, tap a pin, open its exhibit and come back,
//! follow a route.

use xinghuo::visit::Screen;

use crate::common::{LANDSCAPE, PORTRAIT, kiosk, repo};

#[test]
fn a_pin_opens_its_card_and_its_exhibit_and_back_returns_to_the_map() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("红色地图");
    assert_eq!(k.screen(), Screen::Map);
    assert!(k.has("衡阳红色地图"));
    k.tap("夏明翰烈士故居");
    assert!(k.has("看展品"));
    k.tap("看展品");
    assert_eq!(
        k.screen(),
        Screen::Exhibit {
            id: "xia-minghan".into(),
            panel: 0
        }
    );
    k.tap("返回");
    assert_eq!(k.screen(), Screen::Map);
    assert_eq!(
        k.app().screens().map.site.as_deref(),
        Some("xia-minghan-residence"),
        "the map is as the visitor left it"
    );
    k.tap("关闭");
    assert!(k.app().screens().map.site.is_none());
}

#[test]
fn category_chips_filter_the_pins() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("红色地图");
    assert!(k.has("夏明翰烈士故居") && k.has("湘南学联纪念馆"));
    k.tap("故居");
    assert!(k.has("夏明翰烈士故居"), "former residences stay");
    assert!(!k.has("湘南学联纪念馆"), "memorial halls hide");
    k.tap("全部");
    assert!(k.has("湘南学联纪念馆"));
}

#[test]
fn a_route_draws_and_steps_through_its_sites() {
    let mut k = kiosk(&repo(), PORTRAIT);
    k.tap("点击开始 Touch to begin");
    k.tap("English");
    k.tap("Red map");
    k.tap("Mines and Uprising (Changning to Leiyang)");
    let map = k.app().screens().map.clone();
    assert_eq!(map.route, Some(("south-route".into(), 0)));
    assert_eq!(map.site.as_deref(), Some("kangjia-stage"));
    assert!(k.has("Mines and Uprising (Changning to Leiyang)\nStop 1 of 3"));
    // The stop's card is beside the map, not over it: every pin can still be touched.
    let pins = k.app().hall().map.as_ref().unwrap().sites.len();
    let touchable = k
        .app()
        .targets()
        .iter()
        .filter(|t| t.kind == xinghuo::ui::widgets::TargetKind::Tap)
        .filter(|t| {
            let map = k.app().hall().map.as_ref().unwrap();
            map.sites.iter().any(|s| s.name.get("en", "zh") == t.label)
        })
        .count();
    assert_eq!(touchable, pins, "no pin is under the card");
    k.tap("Next stop");
    assert!(k.has("Mines and Uprising (Changning to Leiyang)\nStop 2 of 3"));
    k.tap("Next stop");
    assert_eq!(
        k.app().screens().map.site.as_deref(),
        Some("wu-ruolan-residence")
    );
    assert!(!k.has("Next stop"), "the last stop has no next");
    k.tap("Previous stop");
    assert_eq!(k.app().screens().map.route, Some(("south-route".into(), 1)));
}

#[test]
fn every_site_of_the_map_opens_in_both_languages() {
    let mut k = kiosk(&repo(), LANDSCAPE);
    k.tap("点击开始 Touch to begin");
    k.tap("红色地图");
    let sites: Vec<(String, String, String)> = k
        .app()
        .hall()
        .map
        .as_ref()
        .unwrap()
        .sites
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.name.get("zh", "zh").to_owned(),
                s.name.get("en", "zh").to_owned(),
            )
        })
        .collect();
    assert!(sites.len() >= 10);
    for (id, zh, _) in &sites {
        k.harness
            .state_mut()
            .apply(&xinghuo::visit::Action::OpenMap, std::time::Duration::ZERO);
        k.harness.run();
        k.tap(zh);
        assert_eq!(k.app().screens().map.site.as_deref(), Some(id.as_str()));
    }
    k.tap("English");
    for (id, _, en) in &sites {
        k.harness
            .state_mut()
            .apply(&xinghuo::visit::Action::OpenMap, std::time::Duration::ZERO);
        k.harness.run();
        k.tap(en);
        assert_eq!(k.app().screens().map.site.as_deref(), Some(id.as_str()));
    }
}
