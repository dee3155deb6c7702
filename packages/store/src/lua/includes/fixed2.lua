--[[
  fixed2 (include): the decimal text of num/den (den > 0) with exactly 2 decimals, half
  away from zero, e.g. "123.40" or "-3.25", shared by the apply scripts. Integer arithmetic
  on the whole part and the remainder, so it is exact for any integer num below 2^53
  (num * 200 alone stops being an exact double past ~2^53 / 200, which a category's cents
  sum reaches: 22,523 sales at the highest accepted price made suma_precio one cent off).

  fixed2(num, den) -> string
]]
local function fixed2(num, den)
  local negative = num < 0
  if negative then num = -num end
  local whole = math.floor(num / den)
  local rest = num - whole * den
  local hundredths = math.floor((rest * 200 + den) / (2 * den))
  if hundredths == 100 then whole, hundredths = whole + 1, 0 end
  local text = string.format('%d.%02d', whole, hundredths)
  if negative and (whole > 0 or hundredths > 0) then text = '-' .. text end
  return text
end
