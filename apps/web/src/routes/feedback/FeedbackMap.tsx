// The feedback map (Leaflet, loaded only by the pages that show a map — import it with lazy()).
// Works with no tile server at all (the default): a plain background with every commune's centre
// point and name, which still takes clicks. With MAP_TILE_URL the operator's tiles are drawn under
// it. Markers are vector shapes (no image files); popups are built from text nodes, never HTML.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { MapConfig } from '@tinhso/contracts';

export interface MapMarker {
  id: string;
  lat: number;
  lon: number;
  /** First line of the popup (bold), e.g. the category. */
  title: string;
  lines: string[];
  /** The popup's link to the report, and its text. */
  href: string;
  linkText: string;
}

export interface FeedbackMapProps {
  config: MapConfig;
  /** The map's accessible name. */
  label: string;
  /** A short text for screen readers: what the map shows and where the same is in text. */
  description: string;
  markers?: MapMarker[];
  /** The point picked for a new report. */
  picked?: { lat: number; lon: number } | null;
  /** When set, a click (or tap) on the map picks a point. */
  onPick?: (p: { lat: number; lon: number }) => void;
  /** Pan here (e.g. the chosen commune's centre). */
  focus?: { lat: number; lon: number; zoom?: number } | null;
  /** Popup links open through the app's router. */
  onNavigate?: (href: string) => void;
  /** Fit the view to the markers whenever they change (a filtered list's map). */
  fitMarkers?: boolean;
  /** With onPick: a button under the map that picks the map's centre (for keyboard users: arrow keys pan the map). */
  centreButton?: string;
  className?: string;
}

const RED = '#9f1c1f';

function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export default function FeedbackMap({ config, label, description, markers, picked, onPick, focus, onNavigate, centreButton, fitMarkers, className }: FeedbackMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markerLayer = useRef<L.LayerGroup | null>(null);
  const pickedLayer = useRef<L.LayerGroup | null>(null);
  /** How the view is fitted now (the communes, or the markers); run again when a hidden map first shows. */
  const fitRef = useRef<() => void>(() => undefined);
  const onPickRef = useRef(onPick);
  const onNavigateRef = useRef(onNavigate);
  onPickRef.current = onPick;
  onNavigateRef.current = onNavigate;
  const { t } = useTranslation();
  const descId = useRef(`map-desc-${Math.random().toString(36).slice(2)}`).current;

  // The map itself, once.
  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { attributionControl: !!config.tiles, zoomControl: false, zoomSnap: 0.5, minZoom: 5, maxZoom: 19, worldCopyJump: false });
    L.control.zoom({ zoomInTitle: t('feedback.map.zoomIn'), zoomOutTitle: t('feedback.map.zoomOut') }).addTo(m);
    if (config.tiles) {
      m.attributionControl.setPrefix(false);
      L.tileLayer(config.tiles.url, { attribution: escapeText(config.tiles.attribution), maxZoom: 19 }).addTo(m);
    }
    const pts = config.communes.filter((c) => c.lat !== null && c.lon !== null);
    const communeLayer = L.layerGroup().addTo(m);
    for (const c of pts) {
      // Two centres close together: the northern name above its dot, the southern one below.
      const near = pts.find((o) => o !== c && Math.abs(o.lat! - c.lat!) < 0.05 && Math.abs(o.lon! - c.lon!) < 0.05);
      const direction = near ? (c.lat! >= near.lat! ? 'top' : 'bottom') : 'right';
      const offset: [number, number] = direction === 'top' ? [0, -4] : direction === 'bottom' ? [0, 4] : [6, 0];
      L.circleMarker([c.lat!, c.lon!], { radius: 5, color: '#5c5a61', weight: 1.5, fillColor: '#fff', fillOpacity: 1, interactive: false })
        .bindTooltip(escapeText(c.name), { permanent: true, direction, className: 'fb-commune-label', offset })
        .addTo(communeLayer);
    }
    const fitCommunes = () => {
      if (pts.length > 0) m.fitBounds(L.latLngBounds(pts.map((c) => [c.lat!, c.lon!] as [number, number])), { padding: [40, 40], maxZoom: 13, animate: false });
      else m.setView([10.03, 105.78], 9, { animate: false }); // Cần Thơ: the region's centre when no commune has a point
    };
    fitRef.current = fitCommunes;
    fitCommunes();
    // A map created while hidden (the phone's list view) has no size: fit it when it first shows.
    let sized = el.current.clientWidth > 0 && el.current.clientHeight > 0;
    markerLayer.current = L.layerGroup().addTo(m);
    pickedLayer.current = L.layerGroup().addTo(m);
    // Leaflet names its popup's close button in English.
    m.on('popupopen', (e: L.PopupEvent) => {
      e.popup.getElement()?.querySelector('.leaflet-popup-close-button')?.setAttribute('aria-label', t('feedback.map.closePopup'));
    });
    m.on('click', (e: L.LeafletMouseEvent) => {
      onPickRef.current?.({ lat: Number(e.latlng.lat.toFixed(6)), lon: Number(e.latlng.lng.toFixed(6)) });
    });
    map.current = m;
    // The container may change size after the first layout (a tab opens, fonts load).
    const ro = new ResizeObserver(() => {
      m.invalidateSize({ animate: false });
      const box = m.getContainer();
      if (!sized && box.clientWidth > 0 && box.clientHeight > 0) {
        sized = true;
        fitRef.current();
      }
    });
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
    };
    // The configuration does not change during a visit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Report markers with their popups.
  useEffect(() => {
    const layer = markerLayer.current;
    if (!layer) return;
    layer.clearLayers();
    for (const mk of markers ?? []) {
      const popup = document.createElement('div');
      popup.className = 'fb-popup';
      popup.lang = 'vi';
      const title = document.createElement('strong');
      title.textContent = mk.title;
      popup.append(title);
      for (const line of mk.lines) {
        const p = document.createElement('p');
        p.textContent = line;
        popup.append(p);
      }
      const a = document.createElement('a');
      a.href = mk.href;
      a.textContent = mk.linkText;
      a.addEventListener('click', (e) => {
        if (onNavigateRef.current && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
          e.preventDefault();
          onNavigateRef.current(mk.href);
        }
      });
      popup.append(a);
      L.circleMarker([mk.lat, mk.lon], { radius: 9, color: '#fff', weight: 2, fillColor: RED, fillOpacity: 0.9 }).bindPopup(popup).addTo(layer);
    }
    const m = map.current;
    if (fitMarkers && m && markers && markers.length > 0) {
      const bounds = L.latLngBounds(markers.map((mk) => [mk.lat, mk.lon] as [number, number]));
      fitRef.current = () => m.fitBounds(bounds, { padding: [40, 40], maxZoom: 15, animate: false });
      if (m.getContainer().clientWidth > 0) fitRef.current();
    }
  }, [markers, fitMarkers]);

  // The picked point.
  useEffect(() => {
    const layer = pickedLayer.current;
    if (!layer) return;
    layer.clearLayers();
    if (!picked) return;
    L.marker([picked.lat, picked.lon], {
      icon: L.divIcon({ className: 'fb-pin', html: '<span></span>', iconSize: [28, 28], iconAnchor: [14, 28] }),
      keyboard: false,
      interactive: false,
    }).addTo(layer);
  }, [picked]);

  useEffect(() => {
    if (focus && map.current) map.current.setView([focus.lat, focus.lon], focus.zoom ?? Math.max(map.current.getZoom(), 13));
  }, [focus]);

  return (
    <div className={`fb-map-wrap ${className ?? ''}`}>
      <div ref={el} className={`fb-map${onPick ? ' is-picking' : ''}${config.tiles ? '' : ' no-tiles'}`} role="region" aria-label={label} aria-describedby={descId} data-testid="feedback-map" />
      <p id={descId} className="visually-hidden">
        {description}
      </p>
      {onPick && centreButton && (
        <button
          type="button"
          className="btn btn-quiet btn-small fb-centre-button"
          onClick={() => {
            const c = map.current?.getCenter();
            if (c) onPick({ lat: Number(c.lat.toFixed(6)), lon: Number(c.lng.toFixed(6)) });
          }}
        >
          {centreButton}
        </button>
      )}
    </div>
  );
}
