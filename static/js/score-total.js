/* The score sheet (templates/curation/score.html): the scorer's own weighted total, updated as they type, by the
   server's formula (curation.services.sheet_total_expression and weighted_total): the sum over scored criteria
   of weight × (score − lowest) ÷ (highest − lowest), rounded to hundredths half to even as Python's round()
   does. Scores out of their range count for nothing until corrected. Only this sheet's own fields are read. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-score-sheet]");
  var live = form && form.querySelector("[data-live-total]");
  if (!live) {
    return;
  }
  var output = live.querySelector("[data-live-total-output]");
  var count = live.querySelector("[data-live-total-count]");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-weight]"));
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: false,
  });

  function hundredths(value) {
    var scaled = value * 100;
    var floor = Math.floor(scaled);
    if (scaled - floor === 0.5) {
      return (floor % 2 === 0 ? floor : floor + 1) / 100;
    }
    return Math.round(scaled) / 100;
  }

  function update() {
    var total = 0;
    var scored = 0;
    inputs.forEach(function (input) {
      var text = input.value.trim();
      var value = Number(text);
      var low = Number(input.min);
      var high = Number(input.max);
      if (text === "" || !Number.isInteger(value) || value < low || value > high || high <= low) {
        return;
      }
      total += (Number(input.getAttribute("data-weight")) * (value - low)) / (high - low);
      scored += 1;
    });
    output.textContent = scored ? format.format(hundredths(total)) : "—";
    count.textContent = count
      .getAttribute("data-template")
      .replace("{scored}", scored)
      .replace("{count}", inputs.length);
  }

  form.addEventListener("input", update);
  update();
  live.hidden = false;
})();
