/*
 * The KRAKEN tactical console: plain JavaScript, no framework, no build step.
 *
 * State comes from the REST API once (contacts page by page, active threats, and what else the node serves), then
 * changes arrive through the SockJS event-bus bridge (console.picture.delta, console.alerts,
 * console.scaling.decision). Commands (classify, combat action) go through REST: the bridge takes nothing in.
 * Every field beyond what ContactSummary carries today (position, bearing, rangeM, course, speedMps, cpa, history,
 * operatorClassification, operatorAction) is drawn when present and skipped when absent; an endpoint that answers
 * 404 or 501 is shown as "not available" with the API's own sentence.
 *
 * window.KrakenConsole exposes the pure parts (placement, scale, formatting) and the state for the browser test.
 */
(function () {
  'use strict';

  var LEVELS = ['Benign', 'Suspicious', 'Hostile', 'ImmediateThreat'];
  var THREAT_LEVELS = ['Hostile', 'ImmediateThreat'];
  var COLOURS = { Benign: '#3fb950', Suspicious: '#d29922', Hostile: '#f0883e', ImmediateThreat: '#f85149' };
  /** Where own ship is until the picture says otherwise (the simulator's own ship). */
  var DEFAULT_OWN_SHIP = { lat: 59.5, lon: 10.6 };
  var METRES_PER_DEGREE_LAT = 111320;
  var PAGE_SIZE = 1000;
  /** The initial load stops here; the bridge then keeps whatever it changes. */
  var MAX_INITIAL_CONTACTS = 10000;
  var MAX_LISTED = 300;
  var MAX_ALERTS = 50;
  var HEADING_SECONDS = 360;
  var ADDRESSES = { delta: 'console.picture.delta', alerts: 'console.alerts', scaling: 'console.scaling.decision' };

  var state = {
    contacts: new Map(),
    ownShip: DEFAULT_OWN_SHIP,
    ownShipSource: 'default (59.5 N 10.6 E)',
    selectedId: null,
    alerts: [],
    alertsNote: null,
    placed: [],
    renderPending: false,
    pictureTime: null
  };

  // ---- small helpers ----

  function num(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') {
        node.textContent = attrs[key];
      } else if (key === 'className') {
        node.className = attrs[key];
      } else if (key.indexOf('data-') === 0) {
        node.setAttribute(key, attrs[key]);
      } else {
        node[key] = attrs[key];
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function levelBadge(level) {
    return el('span', { className: 'lvl ' + level, text: level || '?' });
  }

  function danger(contact) {
    return LEVELS.indexOf(contact.threatLevel);
  }

  /** Most dangerous first; among equals the soonest time to threat, then the id (a stable order). */
  function byDanger(a, b) {
    var d = danger(b) - danger(a);
    if (d !== 0) {
      return d;
    }
    var ta = num(a.timeToThreatMs) ? a.timeToThreatMs : Infinity;
    var tb = num(b.timeToThreatMs) ? b.timeToThreatMs : Infinity;
    if (ta !== tb) {
      return ta < tb ? -1 : 1;
    }
    return a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0;
  }

  function formatDuration(ms) {
    if (!num(ms)) {
      return '–';
    }
    var s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) {
      return s + ' s';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + ' min ' + (s % 60 < 10 ? '0' : '') + (s % 60) + ' s';
    }
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function formatRange(m) {
    if (!num(m)) {
      return '–';
    }
    return m >= 1000 ? (m / 1000).toFixed(m >= 10000 ? 0 : 1) + ' km' : Math.round(m) + ' m';
  }

  function formatTime(ms) {
    if (!num(ms)) {
      return '–';
    }
    return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function formatLatLon(p) {
    return Math.abs(p.lat).toFixed(4) + (p.lat >= 0 ? ' N ' : ' S ') + Math.abs(p.lon).toFixed(4) + (p.lon >= 0 ? ' E' : ' W');
  }

  // ---- geometry: where a contact goes on the display ----

  /** Metres east and north of own ship for a {lat, lon}: flat earth around own ship, fine at sensor ranges. */
  function offsetOf(position, own) {
    var east = (position.lon - own.lon) * METRES_PER_DEGREE_LAT * Math.cos(own.lat * Math.PI / 180);
    var north = (position.lat - own.lat) * METRES_PER_DEGREE_LAT;
    return { east: east, north: north };
  }

  /**
   * Where a contact is relative to own ship: from its position, else from its bearing and range, else null
   * (listed beside the display as "no position").
   */
  function placeOf(contact, own) {
    var p = contact.position;
    if (p && num(p.lat) && num(p.lon)) {
      var offset = offsetOf(p, own);
      return { east: offset.east, north: offset.north, by: 'position' };
    }
    if (num(contact.bearing) && num(contact.rangeM)) {
      var b = contact.bearing * Math.PI / 180;
      return { east: contact.rangeM * Math.sin(b), north: contact.rangeM * Math.cos(b), by: 'bearing+range' };
    }
    return null;
  }

  /** Rings at a round step (1, 2 or 5 x 10^k metres) so that 3 to 5 of them cover the farthest contact. */
  function rangeScale(farthestM) {
    var outer = Math.max(farthestM, 1000) * 1.1;
    var raw = outer / 4;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (f) { return f * power; }).filter(function (s) { return s >= raw; })[0];
    var rings = Math.max(1, Math.ceil(outer / step));
    return { stepM: step, rings: rings, outerM: step * rings };
  }

  // ---- the REST API ----

  /** Resolves to {ok, status, body}; never rejects for an HTTP status (the caller shows it), only for no answer. */
  function api(method, path, body) {
    var init = { method: method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch (notJson) {
          parsed = { error: text };
        }
        return { ok: response.ok, status: response.status, body: parsed };
      });
    });
  }

  /** The API's one error shape {status, reason, error, details} as one sentence. */
  function describeFailure(answer) {
    var b = answer.body || {};
    var text = answer.status + (b.reason ? ' ' + b.reason : '') + ': ' + (b.error || 'no reason given');
    if (Array.isArray(b.details) && b.details.length) {
      text += ' (' + b.details.map(function (d) { return (d.field ? d.field + ': ' : '') + d.message; }).join('; ') + ')';
    }
    return text;
  }

  function notAvailable(what, answer) {
    return el('p', { className: 'muted not-available', text: what + ' not available: ' + describeFailure(answer) });
  }

  function loadContacts(offset) {
    return api('GET', '/api/v1/contacts?limit=' + PAGE_SIZE + '&offset=' + offset).then(function (answer) {
      if (!answer.ok) {
        byId('contact-count').textContent = 'contacts not available: ' + describeFailure(answer);
        return;
      }
      answer.body.contacts.forEach(upsert);
      var next = offset + answer.body.count;
      if (answer.body.count === PAGE_SIZE && next < answer.body.total && next < MAX_INITIAL_CONTACTS) {
        return loadContacts(next);
      }
    });
  }

  function loadThreats() {
    return api('GET', '/api/v1/threats/active').then(function (answer) {
      if (answer.ok) {
        answer.body.threats.forEach(upsert);
      }
    });
  }

  /** The whole TacticalPicture, when the node serves it: own ship, alerts (contacts come from the pages above). */
  function loadPicture() {
    return api('GET', '/api/v1/picture').then(function (answer) {
      if (!answer.ok || !answer.body) {
        return;
      }
      var own = answer.body.ownShipPosition;
      if (own && num(own.lat) && num(own.lon)) {
        state.ownShip = { lat: own.lat, lon: own.lon };
        state.ownShipSource = 'from the picture';
      }
      if (num(answer.body.timestamp)) {
        state.pictureTime = answer.body.timestamp;
      }
      if (Array.isArray(answer.body.systemAlerts)) {
        answer.body.systemAlerts.forEach(addAlert);
      }
    });
  }

  function loadAlerts() {
    return api('GET', '/api/v1/alerts').then(function (answer) {
      if (!answer.ok) {
        state.alertsNote = 'GET /api/v1/alerts not available: ' + describeFailure(answer)
          + '. Alerts published on ' + ADDRESSES.alerts + ' still show here.';
        return;
      }
      state.alertsNote = null;
      listOf(answer.body, ['alerts', 'systemAlerts']).forEach(addAlert);
    });
  }

  var SENSOR_REFRESH_MS = 5000;
  var SENSOR_RETRY_MS = 30000;

  function loadSensorHealth() {
    return api('GET', '/api/v1/sensors/health').then(function (answer) {
      var target = byId('sensors');
      target.replaceChildren();
      if (!answer.ok) {
        target.appendChild(notAvailable('Sensor health', answer));
        setTimeout(loadSensorHealth, SENSOR_RETRY_MS);
        return;
      }
      renderSensors(target, listOf(answer.body, ['sensors', 'health']));
      setTimeout(loadSensorHealth, SENSOR_REFRESH_MS);
    }, function () {
      setTimeout(loadSensorHealth, SENSOR_RETRY_MS);
    });
  }

  /** A list from a body that is the list itself or holds it under one of the given names. */
  function listOf(body, names) {
    if (Array.isArray(body)) {
      return body;
    }
    for (var i = 0; body && i < names.length; i++) {
      if (Array.isArray(body[names[i]])) {
        return body[names[i]];
      }
    }
    return [];
  }

  // ---- the picture held in the page ----

  function upsert(contact) {
    if (contact && contact.contactId) {
      state.contacts.set(contact.contactId, contact);
    }
  }

  /** A console.picture.delta body: {"contacts": [...]} and/or {"removed": [ids]}. */
  function applyDelta(body) {
    if (!body) {
      return;
    }
    (body.contacts || []).forEach(upsert);
    (body.removed || []).forEach(function (id) {
      state.contacts.delete(id);
    });
    scheduleRender();
  }

  function addAlert(alert) {
    if (!alert) {
      return;
    }
    var text = alert.message || alert.text || alert.error || alert.description || alert.kind || JSON.stringify(alert);
    var key = alert.id || alert.alertId || (text + '@' + (alert.at || alert.raisedAt || alert.timestamp || ''));
    state.alerts = state.alerts.filter(function (a) { return a.key !== key; });
    state.alerts.unshift({
      key: key,
      severity: String(alert.severity || alert.level || 'info').toLowerCase(),
      kind: alert.kind || alert.type || '',
      text: text,
      at: alert.at || alert.raisedAt || alert.timestamp || Date.now(),
      cleared: alert.cleared === true || alert.active === false
    });
    state.alerts = state.alerts.slice(0, MAX_ALERTS);
    scheduleRender();
  }

  // ---- the event-bus bridge ----

  function connectBridge() {
    var bus = new EventBus('/eventbus');
    bus.enableReconnect(true);
    bus.onopen = function () {
      setBridge('open', 'bridge: live');
      bus.registerHandler(ADDRESSES.delta, function (error, message) {
        if (error) {
          setBridge('closed', 'bridge refused ' + ADDRESSES.delta + ': ' + (error.body || error.message || error));
          return;
        }
        applyDelta(message.body);
      });
      bus.registerHandler(ADDRESSES.alerts, function (error, message) {
        if (!error) {
          var body = message.body;
          (Array.isArray(body && body.alerts) ? body.alerts : [body]).forEach(addAlert);
        }
      });
      bus.registerHandler(ADDRESSES.scaling, function (error, message) {
        if (!error) {
          renderScaling(message.body);
        }
      });
    };
    bus.onreconnect = function () {
      // what changed while the bridge was down is not replayed: read the picture again
      loadContacts(0).then(scheduleRender);
    };
    bus.onclose = function () {
      setBridge('closed', 'bridge: closed, reconnecting');
    };
    bus.onerror = function (error) {
      setBridge(document.body.dataset.bridge, 'bridge error: ' + (error && error.body ? error.body : 'see the server log'));
    };
  }

  function setBridge(status, text) {
    document.body.dataset.bridge = status;
    byId('bridge-status').textContent = text;
  }

  // ---- rendering ----

  function scheduleRender() {
    if (!state.renderPending) {
      state.renderPending = true;
      requestAnimationFrame(render);
    }
  }

  function render() {
    state.renderPending = false;
    var sorted = Array.from(state.contacts.values()).sort(byDanger);
    byId('own-ship').textContent = 'own ship ' + formatLatLon(state.ownShip) + ' (' + state.ownShipSource + ')';
    byId('picture-time').textContent = state.pictureTime ? 'picture ' + formatTime(state.pictureTime) : '';
    drawDisplay(sorted);
    renderThreats(sorted);
    renderContacts(sorted);
    renderNoPosition(sorted);
    renderModels(sorted);
    renderAlerts();
    renderDetails();
  }

  function drawDisplay(sorted) {
    var canvas = byId('ppi');
    var g = canvas.getContext('2d');
    var size = canvas.width;
    var centre = size / 2;
    var radiusPx = centre - 24;
    var own = state.ownShip;
    var placed = [];
    var farthest = 0;
    sorted.forEach(function (contact) {
      var place = placeOf(contact, own);
      if (place) {
        placed.push({ contact: contact, place: place });
        farthest = Math.max(farthest, Math.hypot(place.east, place.north));
      }
    });
    var scale = rangeScale(farthest);
    var pxPerM = radiusPx / scale.outerM;
    function toPx(east, north) {
      return { x: centre + east * pxPerM, y: centre - north * pxPerM };
    }
    byId('range-scale').textContent = 'rings every ' + formatRange(scale.stepM) + ', north up';

    g.clearRect(0, 0, size, size);
    g.fillStyle = '#05080c';
    g.fillRect(0, 0, size, size);
    // range rings with their labels, and the cardinal lines
    g.strokeStyle = '#1f3b2d';
    g.fillStyle = '#5d7f6c';
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;
    for (var ring = 1; ring <= scale.rings; ring++) {
      var r = ring * scale.stepM * pxPerM;
      g.beginPath();
      g.arc(centre, centre, r, 0, 2 * Math.PI);
      g.stroke();
      g.fillText(formatRange(ring * scale.stepM), centre + r * Math.SQRT1_2 + 3, centre - r * Math.SQRT1_2 - 3);
    }
    g.beginPath();
    g.moveTo(centre, centre - radiusPx);
    g.lineTo(centre, centre + radiusPx);
    g.moveTo(centre - radiusPx, centre);
    g.lineTo(centre + radiusPx, centre);
    g.stroke();
    g.fillText('N', centre - 4, centre - radiusPx - 8);

    // bearing-only history: faint rays from own ship (the newest few per contact)
    sorted.forEach(function (contact) {
      var bearings = (contact.history || []).filter(function (h) { return num(h.bearing) && !num(h.lat); }).slice(-8);
      if (!bearings.length) {
        return;
      }
      g.strokeStyle = COLOURS[contact.threatLevel] || '#888';
      g.globalAlpha = 0.18;
      bearings.forEach(function (h) {
        var b = h.bearing * Math.PI / 180;
        g.beginPath();
        g.moveTo(centre, centre);
        g.lineTo(centre + Math.sin(b) * radiusPx, centre - Math.cos(b) * radiusPx);
        g.stroke();
      });
      g.globalAlpha = 1;
    });

    placed.forEach(function (item) {
      var contact = item.contact;
      var colour = COLOURS[contact.threatLevel] || '#888';
      var at = toPx(item.place.east, item.place.north);
      item.x = at.x;
      item.y = at.y;
      // track history with positions: a fading trail
      var trail = (contact.history || []).filter(function (h) { return num(h.lat) && num(h.lon); });
      if (trail.length) {
        g.strokeStyle = colour;
        g.globalAlpha = 0.45;
        g.beginPath();
        trail.forEach(function (h, i) {
          var o = offsetOf(h, own);
          var p = toPx(o.east, o.north);
          if (i === 0) {
            g.moveTo(p.x, p.y);
          } else {
            g.lineTo(p.x, p.y);
          }
        });
        g.lineTo(at.x, at.y);
        g.stroke();
        g.globalAlpha = 1;
      }
      // heading vector: where the contact will be in HEADING_SECONDS at its speed (a fixed stub without one)
      if (num(contact.course)) {
        var c = contact.course * Math.PI / 180;
        var length = num(contact.speedMps) ? Math.max(10, contact.speedMps * HEADING_SECONDS * pxPerM) : 16;
        g.strokeStyle = colour;
        g.lineWidth = 2;
        g.beginPath();
        g.moveTo(at.x, at.y);
        g.lineTo(at.x + Math.sin(c) * length, at.y - Math.cos(c) * length);
        g.stroke();
        g.lineWidth = 1;
      }
      g.fillStyle = colour;
      g.beginPath();
      g.arc(at.x, at.y, danger(contact) >= 2 ? 6 : 4.5, 0, 2 * Math.PI);
      g.fill();
      if (contact.contactId === state.selectedId) {
        g.strokeStyle = '#ffffff';
        g.lineWidth = 2;
        g.beginPath();
        g.arc(at.x, at.y, 10, 0, 2 * Math.PI);
        g.stroke();
        g.lineWidth = 1;
      }
      if (placed.length <= 60 || danger(contact) >= 2) {
        g.fillStyle = '#c9d1d9';
        g.fillText(contact.contactId, at.x + 8, at.y + 4);
      }
    });

    // own ship last, on top
    g.fillStyle = '#58a6ff';
    g.beginPath();
    g.moveTo(centre, centre - 8);
    g.lineTo(centre + 6, centre + 6);
    g.lineTo(centre - 6, centre + 6);
    g.closePath();
    g.fill();
    state.placed = placed;
  }

  /** The placed contact nearest to a click, within 12 px; null when the click hit none. */
  function contactAt(x, y) {
    var best = null;
    var bestDistance = 12;
    state.placed.forEach(function (item) {
      var d = Math.hypot(item.x - x, item.y - y);
      if (d <= bestDistance) {
        best = item.contact;
        bestDistance = d;
      }
    });
    return best;
  }

  function contactRow(contact, cells) {
    var row = el('tr', { 'data-contact-id': contact.contactId }, cells.map(function (cell) {
      return el('td', {}, [cell]);
    }));
    if (contact.contactId === state.selectedId) {
      row.className = 'selected';
    }
    row.addEventListener('click', function () { select(contact.contactId); });
    return row;
  }

  function renderThreats(sorted) {
    var threats = sorted.filter(function (c) { return THREAT_LEVELS.indexOf(c.threatLevel) >= 0; });
    byId('threat-count').textContent = '(' + threats.length + ')';
    var body = byId('threats').tBodies[0];
    body.replaceChildren.apply(body, threats.slice(0, MAX_LISTED).map(function (c) {
      return contactRow(c, [levelBadge(c.threatLevel), c.contactId, formatDuration(c.timeToThreatMs),
        c.recommendedAction || '–', c.operatorAction ? c.operatorAction.action + ' by ' + c.operatorAction.operator : '–']);
    }));
  }

  function renderContacts(sorted) {
    byId('contact-count').textContent = '(' + sorted.length + (sorted.length > MAX_LISTED ? ', the '
      + MAX_LISTED + ' most dangerous listed' : '') + ')';
    var body = byId('contacts').tBodies[0];
    body.replaceChildren.apply(body, sorted.slice(0, MAX_LISTED).map(function (c) {
      var place = placeOf(c, state.ownShip);
      return contactRow(c, [levelBadge(c.threatLevel), c.contactId,
        num(c.confidence) ? c.confidence.toFixed(2) : '–', c.recommendedAction || '–',
        (c.sensorIds || []).join(', '), place ? place.by : 'no position']);
    }));
  }

  function renderNoPosition(sorted) {
    var unplaced = sorted.filter(function (c) { return !placeOf(c, state.ownShip); });
    byId('no-position-count').textContent = '(' + unplaced.length + ')';
    var target = byId('no-position');
    target.replaceChildren.apply(target, unplaced.slice(0, MAX_LISTED).map(function (c) {
      var chip = el('span', { className: 'chip ' + c.threatLevel, text: c.contactId, 'data-contact-id': c.contactId,
        title: c.threatLevel + ', ' + (c.recommendedAction || '') });
      chip.addEventListener('click', function () { select(c.contactId); });
      return chip;
    }));
    if (unplaced.length > MAX_LISTED) {
      target.appendChild(el('span', { className: 'muted', text: '… and ' + (unplaced.length - MAX_LISTED) + ' more' }));
    }
  }

  /** The models serving, as the contacts name them (each contact's models field: model versions, or rules-1). */
  function renderModels(sorted) {
    var counts = new Map();
    sorted.forEach(function (c) {
      (c.models || []).forEach(function (m) { counts.set(m, (counts.get(m) || 0) + 1); });
    });
    var degraded = sorted.filter(function (c) { return c.degraded; }).length;
    var target = byId('models');
    if (!counts.size) {
      target.replaceChildren(el('p', { className: 'muted', text: 'no contact names a model yet' }));
      return;
    }
    var items = Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1]; }).map(function (e) {
      return el('li', { 'data-model': e[0] }, [el('code', { text: e[0] }), ' scored ' + e[1] + ' contact' + (e[1] === 1 ? '' : 's')]);
    });
    target.replaceChildren(el('ul', {}, items),
      el('p', { className: degraded ? 'alert warning' : 'muted', text: degraded + ' contact' + (degraded === 1 ? '' : 's')
        + ' assessed degraded (by the rules instead of the models)' }));
  }

  function renderAlerts() {
    var target = byId('alerts');
    var children = [];
    if (state.alertsNote) {
      children.push(el('p', { className: 'muted not-available', text: state.alertsNote }));
    }
    if (!state.alerts.length) {
      children.push(el('p', { className: 'muted', text: 'no system alert' }));
    } else {
      children.push(el('ul', {}, state.alerts.map(function (a) {
        return el('li', { className: 'alert ' + a.severity + (a.cleared ? ' muted' : '') },
          [formatTime(typeof a.at === 'number' ? a.at : Date.parse(a.at)) + ' ' + a.severity
            + (a.kind ? ' ' + a.kind : '') + ': ' + a.text + (a.cleared ? ' (cleared)' : '')]);
      })));
    }
    target.replaceChildren.apply(target, children);
  }

  function renderSensors(target, sensors) {
    if (!sensors.length) {
      target.appendChild(el('p', { className: 'muted', text: 'no sensor reported' }));
      return;
    }
    var rows = sensors.map(function (s) {
      var status = s.status || s.state || (s.healthy === true ? 'healthy' : s.healthy === false ? 'unhealthy' : '–');
      var last = s.lastSeenAt || s.lastReadingAt || s.lastSeen;
      return el('tr', {}, [el('td', { text: s.sensorId || s.id || '?' }), el('td', { text: s.kind || s.sensorKind || '' }),
        el('td', { text: status }), el('td', { text: num(last) ? formatTime(last) : (last || '–') })]);
    });
    target.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, ['sensor', 'kind', 'status', 'last seen']
      .map(function (h) { return el('th', { text: h }); }))]), el('tbody', {}, rows)]));
  }

  function renderScaling(decision) {
    if (!decision) {
      return;
    }
    var target = byId('scaling');
    target.replaceChildren(el('dl', {}, [
      el('dt', { text: 'verticle' }), el('dd', { text: decision.verticle || '–' }),
      el('dt', { text: 'instances' }), el('dd', { text: decision.currentInstances + ' → ' + decision.desiredInstances
        + (decision.actuated ? ' (actuated)' : ' (not actuated)') }),
      el('dt', { text: 'decided' }), el('dd', { text: formatTime(decision.decidedAt) }),
      el('dt', { text: 'reasons' }), el('dd', {}, [el('ul', {}, (decision.reasons || []).map(function (r) {
        return el('li', { text: r });
      }))])
    ]));
  }

  // ---- the selected contact: evidence, history, commands ----

  function select(contactId) {
    state.selectedId = contactId;
    byId('commands').hidden = false;
    byId('classify-result').textContent = '';
    byId('action-result').textContent = '';
    scheduleRender();
    refreshSelected();
  }

  /** The full record of the selected contact from the API (what the bridge sent may be older). */
  function refreshSelected() {
    var id = state.selectedId;
    if (!id) {
      return Promise.resolve();
    }
    return api('GET', '/api/v1/contacts/' + encodeURIComponent(id)).then(function (answer) {
      if (answer.ok) {
        upsert(answer.body);
      } else if (answer.status === 404) {
        state.contacts.delete(id);
      }
      scheduleRender();
    });
  }

  function field(label, value) {
    return [el('dt', { text: label }), el('dd', {}, [value === null || value === undefined ? '–' : value])];
  }

  function renderDetails() {
    var id = state.selectedId;
    byId('details-id').textContent = id || '';
    var target = byId('details');
    if (!id) {
      return;
    }
    var c = state.contacts.get(id);
    if (!c) {
      target.replaceChildren(el('p', { className: 'muted', text: id + ' is no longer in the picture' }));
      return;
    }
    var place = placeOf(c, state.ownShip);
    var rows = [].concat(
      field('threat level', levelBadge(c.threatLevel)),
      field('confidence', num(c.confidence) ? c.confidence.toFixed(3) : null),
      field('uncertainty', num(c.uncertainty) ? c.uncertainty.toFixed(3) : null),
      field('recommended', c.recommendedAction),
      field('time to threat', formatDuration(c.timeToThreatMs)),
      field('placed by', place ? place.by + ' (' + formatRange(Math.hypot(place.east, place.north)) + ')' : 'no position'),
      c.position ? field('position', formatLatLon(c.position)) : [],
      num(c.bearing) ? field('bearing', c.bearing.toFixed(1) + '°') : [],
      num(c.rangeM) ? field('range', formatRange(c.rangeM)) : [],
      num(c.course) ? field('course', c.course.toFixed(1) + '°') : [],
      num(c.speedMps) ? field('speed', c.speedMps.toFixed(1) + ' m/s') : [],
      c.cpa ? field('CPA', formatRange(c.cpa.rangeM) + ' at ' + formatTime(c.cpa.atMs)) : [],
      c.degraded ? field('degraded', c.degradedReason || 'yes') : [],
      field('sensors', (c.sensorIds || []).join(', ') + ' (' + (c.sensorKinds || []).join(', ') + ')'),
      field('readings', String(c.readingCount) + ', last ' + (c.lastReadingId || '–')),
      field('seen', formatTime(c.firstSeenAt) + ' to ' + formatTime(c.lastSeenAt)),
      field('models', (c.models || []).join(', ') || '–'),
      c.operatorClassification ? field('classified', c.operatorClassification.vesselClass + ' by '
        + c.operatorClassification.operator + ' (' + c.operatorClassification.reason + ') '
        + formatTime(c.operatorClassification.at)) : [],
      c.operatorAction ? field('crew action', c.operatorAction.action + ' by ' + c.operatorAction.operator + ' ('
        + c.operatorAction.reason + ') ' + formatTime(c.operatorAction.at)) : []
    );
    var history = c.history || [];
    target.replaceChildren(
      el('dl', {}, rows),
      el('h3', { text: 'Evidence' }),
      el('ul', { className: 'evidence' }, (c.evidence || []).map(function (e) { return el('li', { text: e }); })),
      el('h3', { text: 'History' }),
      history.length
        ? el('ul', { className: 'history' }, history.slice(-20).reverse().map(function (h) {
          return el('li', { text: formatTime(h.at) + ' ' + (num(h.lat) ? formatLatLon(h) : num(h.bearing)
            ? 'bearing ' + h.bearing.toFixed(1) + '°' : JSON.stringify(h)) });
        }))
        : el('p', { className: 'muted', text: 'no track history for this contact' }));
  }

  function operator() {
    var name = byId('operator').value.trim();
    try {
      localStorage.setItem('kraken.operator', name);
    } catch (storageOff) {
      // a browser without storage only forgets the name
    }
    return name;
  }

  /** Sends a command; shows "recorded" or the API's refusal in the form's result line. */
  function command(resultId, path, body) {
    var result = byId(resultId);
    result.className = 'result';
    result.textContent = 'sending…';
    return api('POST', path, body).then(function (answer) {
      if (answer.ok) {
        result.className = 'result ok';
        result.textContent = 'recorded (' + answer.status + ')';
        return refreshSelected();
      }
      result.className = 'result error';
      result.textContent = 'refused: ' + describeFailure(answer);
    }, function (noAnswer) {
      result.className = 'result error';
      result.textContent = 'no answer from the API: ' + noAnswer;
    });
  }

  function wireCommands() {
    try {
      byId('operator').value = localStorage.getItem('kraken.operator') || '';
    } catch (storageOff) {
      // nothing remembered
    }
    byId('classify-form').addEventListener('submit', function (event) {
      event.preventDefault();
      command('classify-result', '/api/v1/contacts/' + encodeURIComponent(state.selectedId) + '/classify', {
        operator: operator(), vesselClass: byId('classify-class').value.trim(), reason: byId('classify-reason').value.trim()
      });
    });
    byId('action-form').addEventListener('submit', function (event) {
      event.preventDefault();
      command('action-result', '/api/v1/combat/action', {
        operator: operator(), contactId: state.selectedId, action: byId('action-choice').value,
        reason: byId('action-reason').value.trim()
      });
    });
    byId('ppi').addEventListener('click', function (event) {
      var canvas = event.currentTarget;
      var box = canvas.getBoundingClientRect();
      var x = (event.clientX - box.left) * canvas.width / box.width;
      var y = (event.clientY - box.top) * canvas.height / box.height;
      var hit = contactAt(x, y);
      if (hit) {
        select(hit.contactId);
      }
    });
  }

  // ---- start ----

  function start() {
    wireCommands();
    scheduleRender();
    connectBridge();
    Promise.all([loadPicture(), loadContacts(0), loadThreats(), loadAlerts()]).then(function () {
      document.body.dataset.loaded = 'true';
      scheduleRender();
    }, function (error) {
      console.error('the console could not load the picture: ' + error);
    });
    loadSensorHealth();
  }

  window.KrakenConsole = {
    state: state,
    placeOf: placeOf,
    rangeScale: rangeScale,
    contactAt: contactAt,
    applyDelta: applyDelta,
    select: select,
    formatDuration: formatDuration
  };

  start();
})();
